// In-memory adapter of the SubscriptionStore: one subscription per (tenant, business), replaced
// in place (keeping its creation time) as the Mongo adapter does.
import type { TenantScope } from "@switchboard/kit";
import type { SubscriptionStore, WebhookSubscription } from "../../src/business-webhooks/webhook-subscription.ts";

export function createInMemorySubscriptionStore(): SubscriptionStore {
  const byScope = new Map<string, WebhookSubscription>();
  const keyOf = (scope: TenantScope) => `${scope.tenantId}/${scope.businessId}`;
  return {
    async put(scope, subscription) {
      const previous = byScope.get(keyOf(scope));
      byScope.set(keyOf(scope), {
        ...subscription,
        tenantId: scope.tenantId,
        businessId: scope.businessId,
        createdAtMs: previous?.createdAtMs ?? subscription.createdAtMs,
      });
    },
    async get(scope) {
      return byScope.get(keyOf(scope));
    },
  };
}
