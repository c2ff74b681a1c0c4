// The template lookup of the send path: a bounded read-through cache over the TemplateStore, so a
// warm cache answers a template send without a store round trip. Unknown translations are cached
// too (a client retrying an unknown name does not reach the store each time). This replica's own
// writes — creation, deletion, a review or quality update it consumed — drop the entry at once;
// a change applied by another replica is seen within `ttlMs` (TEMPLATE_CACHE_TTL_MS).
import { createBoundedCache } from "../cache/bounded-cache.ts";
import type { TemplateKey, TemplateRecord, TemplateScope } from "./template-records.ts";
import type { TemplateStore } from "./template-store.ts";

export interface TemplateLookup {
  get(scope: TemplateScope, key: TemplateKey): Promise<TemplateRecord | undefined>;
  forget(scope: TemplateScope, key: TemplateKey): void;
}

export function cachedTemplateLookup(
  store: Pick<TemplateStore, "get">,
  options: { ttlMs: number; maxEntries?: number; now?: () => number },
): TemplateLookup {
  const cache = createBoundedCache<TemplateRecord>({
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries ?? 50_000,
    now: options.now ?? Date.now,
    cacheMisses: true,
  });
  const keyOf = (scope: TemplateScope, key: TemplateKey) =>
    `${scope.tenantId}|${scope.businessId}|${key.name}|${key.language}`;
  return {
    get: (scope, key) => cache.get(keyOf(scope, key), () => store.get(scope, key)),
    forget: (scope, key) => cache.delete(keyOf(scope, key)),
  };
}
