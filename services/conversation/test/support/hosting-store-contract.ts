// Behaviour every HostingStore adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/hosting/hosting-store.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeAll, describe, expect, it } from "vitest";
import { hostingNoticeFor } from "../../src/hosting/hosting-notice.ts";
import type { HostingStore } from "../../src/hosting/hosting-store.ts";
import { hostingChange, hostingState } from "./hosting-factories.ts";
import { threadRecord } from "./record-factories.ts";

const freshTenant = (): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId: "" });

export function describeHostingStoreContract(adapter: string, makeStore: () => Promise<HostingStore>): void {
  describe(`HostingStore contract: ${adapter}`, () => {
    let store: HostingStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("keeps the first write of each history entry and lists a thread's history oldest first", async () => {
      const scope = freshTenant();
      const thread = threadRecord(scope.tenantId, 1);
      const entry = (changeId: string, atMs: number, mode: "cloud" | "bsp" | "on_premises") =>
        hostingNoticeFor(hostingChange({ tenantId: scope.tenantId, changeId, atMs, to: hostingState(mode) }), thread)
          .entry;
      const initial = { ...entry("initial", 1_000, "cloud"), from: undefined };
      await store.storeHistory(scope, [entry("chg-b", 5_000, "bsp"), initial]);
      await store.storeHistory(scope, [entry("chg-a", 5_000, "on_premises"), { ...initial, reason: "replayed" }]);
      const history = await store.historyOf(scope, thread.threadId);
      expect(history.map((h) => [h.changeId, h.to.hostingMode, h.reason])).toEqual([
        ["initial", "cloud", initial.reason],
        ["chg-a", "on_premises", "switched provider"],
        ["chg-b", "bsp", "switched provider"],
      ]);
      expect(history[0]).toEqual(initial);
      expect(await store.historyExists(scope, [thread.threadId, "th_none"], "initial")).toEqual(
        new Set([thread.threadId]),
      );
      expect(await store.historyExists(scope, [], "initial")).toEqual(new Set());
      const other = freshTenant();
      expect(await store.historyOf(other, thread.threadId)).toEqual([]);
      expect(await store.historyExists(other, [thread.threadId], "initial")).toEqual(new Set());
    });

    it("refuses history entries of another tenant than the scope", async () => {
      const scope = freshTenant();
      const foreign = hostingNoticeFor(hostingChange({ tenantId: "someone-else" }), threadRecord("someone-else", 1));
      await expect(store.storeHistory(scope, [foreign.entry])).rejects.toThrow("outside the tenant scope");
    });

    it("saves fan-out progress per change and tenant", async () => {
      const scope = freshTenant();
      expect(await store.fanOutProgress(scope, "chg-1")).toEqual({ afterThreadId: "", done: false });
      await store.saveFanOutProgress(scope, "chg-1", { afterThreadId: "th_000005", done: false });
      await store.saveFanOutProgress(scope, "chg-1", { afterThreadId: "th_000009", done: true });
      expect(await store.fanOutProgress(scope, "chg-1")).toEqual({ afterThreadId: "th_000009", done: true });
      expect(await store.fanOutProgress(scope, "chg-2")).toEqual({ afterThreadId: "", done: false });
      expect(await store.fanOutProgress(freshTenant(), "chg-1")).toEqual({ afterThreadId: "", done: false });
    });

    it("records a number's newest hosting change, whatever order changes arrive in", async () => {
      const scope = freshTenant();
      const change = (changeId: string, atMs: number, mode: "cloud" | "bsp" | "on_premises") => ({
        phoneNumberId: "pn-1",
        hosting: hostingState(mode),
        atMs,
        changeId,
      });
      await store.recordNumberHosting(scope, change("c-5", 5_000, "bsp"));
      await store.recordNumberHosting(scope, change("c-3", 3_000, "cloud"));
      expect((await store.numberHostings(scope, ["pn-1", "pn-2"])).get("pn-1")).toMatchObject(
        change("c-5", 5_000, "bsp"),
      );
      await store.recordNumberHosting(scope, change("c-9", 9_000, "on_premises"));
      const found = await store.numberHostings(scope, ["pn-1", "pn-2"]);
      expect([...found.keys()]).toEqual(["pn-1"]);
      expect(found.get("pn-1")).toMatchObject(change("c-9", 9_000, "on_premises"));
      expect((await store.numberHostings(freshTenant(), ["pn-1"])).size).toBe(0);
      expect((await store.numberHostings(scope, [])).size).toBe(0);
    });
  });
}
