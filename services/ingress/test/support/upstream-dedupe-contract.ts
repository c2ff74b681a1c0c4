// Behaviour every UpstreamDedupe adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/upstream/upstream-dedupe.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DedupeKey } from "../../src/upstream/planned-event.ts";
import type { ClaimOptions, UpstreamDedupe } from "../../src/upstream/upstream-dedupe.ts";

const inbound = (wamid: string): DedupeKey => ({ kind: "inbound", wamid, status: "" });
const status = (wamid: string, value: string): DedupeKey => ({ kind: "status", wamid, status: value });
const freshTenant = () => `t-${randomUUID()}`;
/** How old a provisional claim must be to be taken over, in these cases. */
const TAKEOVER_MS = 30_000;
/** Claims made at `nowMs` (now by default), taking over provisional claims older than TAKEOVER_MS. */
const at = (nowMs = Date.now()): ClaimOptions => ({ nowMs, takeOverBeforeMs: nowMs - TAKEOVER_MS });

export function describeUpstreamDedupeContract(adapter: string, makeStore: () => Promise<UpstreamDedupe>): void {
  describe(`UpstreamDedupe contract: ${adapter}`, () => {
    let dedupe: UpstreamDedupe;
    beforeAll(async () => {
      dedupe = await makeStore();
    });

    it("claims a list at once: a young earlier claim is pending, repeats share an answer, tenants are apart", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      expect(await dedupe.claimAll(t1, [inbound("w1")], at())).toEqual(["claimed"]);
      expect(await dedupe.claimAll(t1, [inbound("w1")], at())).toEqual(["pending"]);
      expect(
        await dedupe.claimAll(
          t1,
          [inbound("w1"), status("w1", "read"), status("w1", "read"), status("w1", "sent")],
          at(),
        ),
      ).toEqual(["pending", "claimed", "claimed", "claimed"]);
      expect(await dedupe.claimAll(t1, [status("w1", "read")], at())).toEqual(["pending"]);
      expect(await dedupe.claimAll(t2, [inbound("w1"), status("w1", "read")], at())).toEqual(["claimed", "claimed"]);
      expect(await dedupe.claimAll(t1, [], at())).toEqual([]);
    });

    it("lets exactly one of concurrent claims of one key win", async () => {
      const tenant = freshTenant();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => dedupe.claimAll(tenant, [inbound("race")], at())),
      );
      expect(answers.flat().filter((a) => a === "claimed")).toHaveLength(1);
      expect(answers.flat().filter((a) => a === "pending")).toHaveLength(7);
    });

    it("answers a confirmed claim as a duplicate, however old, and confirms only the keys named", async () => {
      const [tenant, other] = [freshTenant(), freshTenant()];
      const claimedAt = Date.now() - 10 * TAKEOVER_MS;
      expect(await dedupe.claimAll(tenant, [inbound("c1"), inbound("c2")], at(claimedAt))).toEqual([
        "claimed",
        "claimed",
      ]);
      expect(await dedupe.claimAll(other, [inbound("c1")], at(claimedAt))).toEqual(["claimed"]);
      await dedupe.confirmAll([{ tenantId: tenant, keys: [inbound("c1"), inbound("c1"), inbound("never-claimed")] }]);
      await dedupe.confirmAll([]);
      expect(await dedupe.claimAll(tenant, [inbound("c1"), inbound("never-claimed")], at())).toEqual([
        "confirmed",
        "claimed",
      ]);
      // Left provisional, past the cutoff: taken over; the same key of another tenant too.
      expect(await dedupe.claimAll(tenant, [inbound("c2")], at())).toEqual(["claimed"]);
      expect(await dedupe.claimAll(other, [inbound("c1")], at())).toEqual(["claimed"]);
    });

    it("takes over a provisional claim past the cutoff, restarting its age, and never a young one", async () => {
      const tenant = freshTenant();
      const start = Date.now() - 10 * TAKEOVER_MS;
      expect(await dedupe.claimAll(tenant, [inbound("t1")], at(start))).toEqual(["claimed"]);
      // Just younger than the cutoff: its attempt may still be publishing.
      expect(await dedupe.claimAll(tenant, [inbound("t1")], at(start + TAKEOVER_MS))).toEqual(["pending"]);
      const takeover = start + TAKEOVER_MS + 1;
      expect(await dedupe.claimAll(tenant, [inbound("t1")], at(takeover))).toEqual(["claimed"]);
      // The takeover is now the young claim: another redelivery waits for it.
      expect(await dedupe.claimAll(tenant, [inbound("t1")], at(takeover + 1))).toEqual(["pending"]);
      expect(await dedupe.claimAll(tenant, [inbound("t1")], at(takeover + TAKEOVER_MS + 1))).toEqual(["claimed"]);
      // Mixed in one list: new, pending, taken over, confirmed.
      const later = takeover + 2 * TAKEOVER_MS + 2;
      await dedupe.claimAll(tenant, [inbound("t-young")], at(later - 1));
      await dedupe.claimAll(tenant, [inbound("t-done")], at(start));
      await dedupe.confirmAll([{ tenantId: tenant, keys: [inbound("t-done")] }]);
      expect(
        await dedupe.claimAll(tenant, [inbound("t-new"), inbound("t-young"), inbound("t1"), inbound("t-done")], {
          nowMs: later,
          takeOverBeforeMs: takeover + TAKEOVER_MS + 2,
        }),
      ).toEqual(["claimed", "pending", "claimed", "confirmed"]);
    });

    it("releases exactly the keys named, so they can be claimed again", async () => {
      const [tenant, other] = [freshTenant(), freshTenant()];
      expect(await dedupe.claimAll(tenant, [inbound("a"), inbound("b")], at())).toEqual(["claimed", "claimed"]);
      expect(await dedupe.claimAll(other, [inbound("a")], at())).toEqual(["claimed"]);
      await dedupe.releaseAll(tenant, [inbound("a"), inbound("a"), inbound("never-claimed")]);
      await dedupe.releaseAll(tenant, []);
      expect(await dedupe.claimAll(tenant, [inbound("a"), inbound("b"), inbound("never-claimed")], at())).toEqual([
        "claimed",
        "pending",
        "claimed",
      ]);
      // Another tenant's claim of the same key is untouched.
      expect(await dedupe.claimAll(other, [inbound("a")], at())).toEqual(["pending"]);
    });

    // Last: pruning deletes every claim older than the cutoff, whichever case made it.
    it("prunes claims older than the cutoff by their claim time, provisional or confirmed, and keeps younger ones", async () => {
      const tenant = freshTenant();
      await dedupe.claimAll(tenant, [inbound("p1"), inbound("p2"), inbound("p3")], at());
      await dedupe.confirmAll([{ tenantId: tenant, keys: [inbound("p2")] }]);
      const pruneAll = async (cutoffMs: number) => {
        let deleted = 0;
        for (let page = 0; page < 10_000; page += 1) {
          const result = await dedupe.prunePage(cutoffMs, 2);
          deleted += result.deleted;
          if (!result.more) break;
        }
        return deleted;
      };
      // Older than every claim the cases above made (the oldest is 10 × TAKEOVER_MS old).
      expect(await pruneAll(Date.now() - 100 * TAKEOVER_MS)).toBe(0);
      expect(await dedupe.claimAll(tenant, [inbound("p1"), inbound("p2")], at())).toEqual(["pending", "confirmed"]);
      expect(await pruneAll(Date.now() + 1)).toBeGreaterThanOrEqual(3);
      expect(await dedupe.claimAll(tenant, [inbound("p1"), inbound("p2"), inbound("p3")], at())).toEqual([
        "claimed",
        "claimed",
        "claimed",
      ]);
    });
  });
}
