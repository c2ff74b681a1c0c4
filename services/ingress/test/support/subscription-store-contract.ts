// Behaviour every SubscriptionStore adapter must show, written once and run against each adapter:
// the in-memory one in unit tests (src/business-webhooks/subscription-store.test.ts), the Mongo one
// in the integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubscriptionStore, WebhookSubscription } from "../../src/business-webhooks/webhook-subscription.ts";

const freshTenant = (): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId: "b1" });
const aSubscription = (
  overrides: Partial<Omit<WebhookSubscription, "tenantId" | "businessId">> = {},
): Omit<WebhookSubscription, "tenantId" | "businessId"> => ({
  callbackUrl: "https://example.test/webhook",
  verifyToken: "verify-1",
  appSecret: "app-secret-1",
  createdAtMs: 1_000,
  updatedAtMs: 1_000,
  ...overrides,
});

export function describeSubscriptionStoreContract(adapter: string, makeStore: () => Promise<SubscriptionStore>): void {
  describe(`SubscriptionStore contract: ${adapter}`, () => {
    let store: SubscriptionStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("stores one subscription per business and returns it whole", async () => {
      const scope = freshTenant();
      expect(await store.get(scope)).toBeUndefined();
      await store.put(scope, aSubscription());
      expect(await store.get(scope)).toEqual({ ...aSubscription(), ...scope });
      // Another business of the tenant, or the business id under another tenant, has none.
      expect(await store.get({ ...scope, businessId: "b2" })).toBeUndefined();
      expect(await store.get({ ...freshTenant(), businessId: scope.businessId })).toBeUndefined();
    });

    it("replaces a subscription in place, keeping when it was created", async () => {
      const scope = freshTenant();
      const other = { ...scope, businessId: "b2" };
      await store.put(scope, aSubscription());
      await store.put(other, aSubscription({ callbackUrl: "https://other.test/hook" }));
      const replacement = aSubscription({
        callbackUrl: "https://example.test/v2",
        verifyToken: "verify-2",
        appSecret: "app-secret-2",
        createdAtMs: 5_000,
        updatedAtMs: 5_000,
      });
      await store.put(scope, replacement);
      expect(await store.get(scope)).toEqual({ ...replacement, ...scope, createdAtMs: 1_000 });
      expect(await store.get(other)).toMatchObject({ callbackUrl: "https://other.test/hook" });
    });
  });
}
