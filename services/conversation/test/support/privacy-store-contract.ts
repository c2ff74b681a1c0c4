// Behaviour every PrivacyStore adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/privacy/privacy-store.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeAll, describe, expect, it } from "vitest";
import type { PrivacyStore } from "../../src/privacy/privacy-store.ts";

const freshTenant = (): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId: "b1" });

export function describePrivacyStoreContract(adapter: string, makeStore: () => Promise<PrivacyStore>): void {
  describe(`PrivacyStore contract: ${adapter}`, () => {
    let store: PrivacyStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("keeps the newest marketing preference, whatever order changes arrive in", async () => {
      const scope = freshTenant();
      const change = (optedOut: boolean, changedAtMs: number, source: "keyword" | "api") => ({
        businessId: "b1",
        threadId: "th_1",
        optedOut,
        changedAtMs,
        source,
      });
      const stored = { ...change(true, 10, "keyword"), tenantId: scope.tenantId };
      expect(await store.setMarketing(scope, change(true, 10, "keyword"))).toEqual(stored);
      expect(await store.setMarketing(scope, change(false, 5, "api"))).toEqual(stored);
      expect(await store.getMarketing(scope, "th_1")).toEqual(stored);
      expect(await store.setMarketing(scope, change(false, 20, "api"))).toMatchObject({
        optedOut: false,
        changedAtMs: 20,
      });
      expect(await store.getMarketing(freshTenant(), "th_1")).toBeUndefined();
      expect(await store.getMarketing(scope, "th_2")).toBeUndefined();
    });

    it("keeps a tenant's policy: retention and marketing templates set independently", async () => {
      const scope = freshTenant();
      const without = freshTenant();
      expect(await store.getPolicy(scope)).toEqual({
        tenantId: scope.tenantId,
        retentionDays: 0,
        marketingTemplates: [],
      });
      await store.setRetentionDays(scope, 30);
      await store.setMarketingTemplates(scope, ["spring_sale", "promo"]);
      await store.setRetentionDays(without, 0);
      expect(await store.getPolicy(scope)).toEqual({
        tenantId: scope.tenantId,
        retentionDays: 30,
        marketingTemplates: ["spring_sale", "promo"],
      });
      const mine = (await store.tenantsWithRetention()).filter((t) =>
        [scope.tenantId, without.tenantId].includes(t.tenantId),
      );
      expect(mine).toEqual([{ tenantId: scope.tenantId, retentionDays: 30 }]);
    });

    it("adds up a tenant's retention runs", async () => {
      const scope = freshTenant();
      expect(await store.getRetentionRun(scope)).toBeUndefined();
      await store.recordRetentionRun(scope, 100, 3);
      await store.recordRetentionRun(scope, 200, 2);
      expect(await store.getRetentionRun(scope)).toEqual({
        tenantId: scope.tenantId,
        lastRunAtMs: 200,
        lastDeleted: 2,
        totalDeleted: 5,
      });
      expect(await store.getRetentionRun(freshTenant())).toBeUndefined();
    });

    it("keeps the first tombstone of a thread, completes it once and marks it published", async () => {
      const scope = freshTenant();
      const tombstone = {
        businessId: "b1",
        threadId: "th_1",
        threadIds: ["th_1", "th_alias"],
        requestedBy: "dsr-1",
        requestedAtMs: 10,
        completedAtMs: 0,
        messagesErased: 7,
        published: false,
      };
      const stored = { ...tombstone, tenantId: scope.tenantId };
      expect(await store.beginErasure(scope, tombstone)).toEqual(stored);
      expect(await store.beginErasure(scope, { ...tombstone, requestedBy: "someone-else", messagesErased: 0 })).toEqual(
        stored,
      );
      await store.completeErasure(scope, "th_1", 50);
      await store.completeErasure(scope, "th_1", 60);
      await store.markErasurePublished(scope, "th_1");
      expect(await store.getTombstone(scope, "th_1")).toEqual({ ...stored, completedAtMs: 50, published: true });
      expect(await store.getTombstone(freshTenant(), "th_1")).toBeUndefined();
    });
  });
}
