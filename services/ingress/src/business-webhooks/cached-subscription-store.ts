// Caches webhook subscriptions for the intake (read per consumed event) and the delivery worker
// (read per business per round), at most `maxEntries` of them for at most `ttlMs` each. Businesses
// without a subscription are remembered too: most events belong to businesses that never
// subscribed, and each would otherwise cost a store read. A subscription stored through this
// replica is seen at once; one stored or changed through another replica is seen within `ttlMs`
// (until then its events are skipped, or its deliveries go to the previous callback URL).
import type { TenantScope } from "@switchboard/kit";
import { createBoundedCache } from "../cache/bounded-cache.ts";
import type { SubscriptionStore, WebhookSubscription } from "./webhook-subscription.ts";

export interface SubscriptionCacheOptions {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

export function cachedSubscriptionStore(
  store: SubscriptionStore,
  options: SubscriptionCacheOptions,
): SubscriptionStore {
  const cache = createBoundedCache<WebhookSubscription>({
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries ?? 50_000,
    now: options.now ?? Date.now,
    cacheMisses: true,
  });
  const keyOf = (scope: TenantScope) => `${scope.tenantId}|${scope.businessId}`;
  return {
    async put(scope, subscription) {
      try {
        await store.put(scope, subscription);
      } finally {
        cache.delete(keyOf(scope));
      }
    },
    get: (scope) => cache.get(keyOf(scope), () => store.get(scope)),
  };
}
