// Behaviour every UpstreamMessageIds adapter must show, written once and run against each adapter:
// the in-memory one in unit tests (src/upstream-ids/upstream-message-ids.test.ts), the Mongo one in
// the integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { UpstreamMessageIds } from "../../src/upstream-ids/upstream-message-ids.ts";

const freshTenant = () => `t-${randomUUID()}`;

export function describeUpstreamMessageIdsContract(
  adapter: string,
  makeStore: () => Promise<UpstreamMessageIds>,
): void {
  describe(`UpstreamMessageIds contract: ${adapter}`, () => {
    let ids: UpstreamMessageIds;
    beforeAll(async () => {
      ids = await makeStore();
    });

    it("records a send's intent once: a second look finds it pending, then sent with Meta's id", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      expect(await ids.recordSendIntents(t1, ["wamid.i-1"], 1_000).then((found) => found.get("wamid.i-1"))).toEqual({
        kind: "new",
      });
      expect(await ids.recordSendIntents(t1, ["wamid.i-1"], 2_000).then((found) => found.get("wamid.i-1"))).toEqual({
        kind: "pending",
        sinceMs: 1_000,
      });
      expect(await ids.recordSendIntents(t2, ["wamid.i-1"], 2_000).then((found) => found.get("wamid.i-1"))).toEqual({
        kind: "new",
      });
      await ids.rememberSent(t1, [{ upstreamId: "wamid.meta-i1", messageId: "wamid.i-1" }]);
      expect(await ids.recordSendIntents(t1, ["wamid.i-1"], 3_000).then((found) => found.get("wamid.i-1"))).toEqual({
        kind: "sent",
        upstreamId: "wamid.meta-i1",
      });
      // The intent is not a sent message: statuses and "already left" checks ignore it.
      expect(await ids.upstreamIdOf(t2, "wamid.i-1")).toBeUndefined();
      await ids.releaseSendIntents(t2, ["wamid.i-1"]);
      expect(await ids.recordSendIntents(t2, ["wamid.i-1"], 4_000).then((found) => found.get("wamid.i-1"))).toEqual({
        kind: "new",
      });
    });

    it("records a sent message once and finds it by our id and by Meta's, per tenant", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      await ids.rememberSent(t1, [{ upstreamId: "wamid.meta-1", messageId: "wamid.ours-1" }]);
      await ids.rememberSent(t1, [{ upstreamId: "wamid.meta-1", messageId: "wamid.ours-1" }]); // a redelivered send
      await ids.rememberSent(t1, [{ upstreamId: "wamid.same-2", messageId: "wamid.same-2" }]); // a channel that reuses our ids
      expect(await ids.upstreamIdOf(t1, "wamid.ours-1")).toBe("wamid.meta-1");
      expect(await ids.upstreamIdOf(t1, "wamid.same-2")).toBe("wamid.same-2");
      expect(await ids.upstreamIdOf(t1, "wamid.never-sent")).toBeUndefined();
      expect(await ids.upstreamIdOf(t2, "wamid.ours-1")).toBeUndefined();
      expect(await ids.ourIds(t1, ["wamid.meta-1", "wamid.same-2", "wamid.unknown", "wamid.meta-1"])).toEqual(
        new Map([["wamid.meta-1", "wamid.ours-1"]]),
      );
      expect(await ids.ourIds(t2, ["wamid.meta-1"])).toEqual(new Map());
      expect(await ids.ourIds(t1, [])).toEqual(new Map());
    });

    it("keeps the first record of a message when it is sent again under another upstream id", async () => {
      const tenant = freshTenant();
      await ids.rememberSent(tenant, [{ upstreamId: "wamid.meta-1", messageId: "wamid.ours-1" }]);
      await ids.rememberSent(tenant, [{ upstreamId: "wamid.meta-other", messageId: "wamid.ours-1" }]);
      expect(await ids.upstreamIdOf(tenant, "wamid.ours-1")).toBe("wamid.meta-1");
      // Statuses of either upstream id still name our message.
      expect(await ids.ourIds(tenant, ["wamid.meta-1", "wamid.meta-other"])).toEqual(
        new Map([
          ["wamid.meta-1", "wamid.ours-1"],
          ["wamid.meta-other", "wamid.ours-1"],
        ]),
      );
    });

    it("keeps the first translation of an upstream id", async () => {
      const tenant = freshTenant();
      await ids.rememberSent(tenant, [{ upstreamId: "wamid.meta-9", messageId: "wamid.ours-a" }]);
      await ids.rememberSent(tenant, [{ upstreamId: "wamid.meta-9", messageId: "wamid.ours-b" }]);
      expect(await ids.ourIds(tenant, ["wamid.meta-9"])).toEqual(new Map([["wamid.meta-9", "wamid.ours-a"]]));
      expect(await ids.upstreamIdOf(tenant, "wamid.ours-b")).toBe("wamid.meta-9");
    });

    it("records a forwarded action once, per tenant, apart from the message ids", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      expect(await ids.wasForwarded(t1, "read-event-1")).toBe(false);
      await ids.rememberForwarded(t1, "read-event-1");
      await ids.rememberForwarded(t1, "read-event-1"); // a redelivered read
      expect(await ids.wasForwarded(t1, "read-event-1")).toBe(true);
      expect(await ids.wasForwarded(t2, "read-event-1")).toBe(false);
      // An action id is no message that left, nor an upstream id to translate.
      expect(await ids.upstreamIdOf(t1, "read-event-1")).toBeUndefined();
      expect(await ids.ourIds(t1, ["read-event-1"])).toEqual(new Map());
      // And a message that left is no forwarded action.
      await ids.rememberSent(t1, [{ upstreamId: "wamid.meta-f", messageId: "wamid.ours-f" }]);
      expect(await ids.wasForwarded(t1, "wamid.ours-f")).toBe(false);
    });

    it("maps media uploaded to Meta both ways, per number and tenant, first record standing", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      await ids.rememberMedia(t1, "100", "700000000000001", "880000000000001");
      await ids.rememberMedia(t1, "100", "700000000000001", "880000000000009"); // a repeated upload
      expect(await ids.upstreamMediaIdOf(t1, "100", "700000000000001")).toBe("880000000000001");
      expect(await ids.mediaIdOfUpstream(t1, "880000000000001")).toBe("700000000000001");
      // Meta's media ids belong to the number that uploaded them.
      expect(await ids.upstreamMediaIdOf(t1, "200", "700000000000001")).toBeUndefined();
      expect(await ids.upstreamMediaIdOf(t2, "100", "700000000000001")).toBeUndefined();
      expect(await ids.mediaIdOfUpstream(t2, "880000000000001")).toBeUndefined();
      // Media ids are no message ids.
      expect(await ids.upstreamIdOf(t1, "700000000000001")).toBeUndefined();
      expect(await ids.ourIds(t1, ["880000000000001"])).toEqual(new Map());
    });
  });
}
