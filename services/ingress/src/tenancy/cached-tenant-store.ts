// Caches the lookups every request makes (token → caller, number → record) for a few seconds, so
// the hot path does not pay a database round trip per request. Writes through this store drop
// what they change at once; other ingress replicas see a revoked token or a changed number within
// `ttlMs` (documented in docs/decisions.md). It never caches a miss: an unknown token stays
// unknown only as long as the database says so.
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";
import type { TenantStore } from "./tenant-store.ts";

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export function cachedTenantStore(
  store: TenantStore,
  options: { ttlMs: number; maxEntries?: number; now?: () => number },
): TenantStore {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  const callers = new Map<string, Entry<Caller>>();
  const numbers = new Map<string, Entry<PhoneNumberRecord>>();

  async function cached<T>(cache: Map<string, Entry<T>>, key: string, load: () => Promise<T | undefined>) {
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now()) return hit.value;
    const value = await load();
    if (value === undefined) {
      cache.delete(key);
      return undefined;
    }
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, { value, expiresAt: now() + options.ttlMs });
    return value;
  }
  const dropNumber = (phoneNumberId: string) => {
    for (const key of numbers.keys()) if (key.endsWith(`|${phoneNumberId}`)) numbers.delete(key);
  };

  return {
    ...store,
    callerForToken: (tokenHash) => cached(callers, tokenHash, () => store.callerForToken(tokenHash)),
    phoneNumber: (caller, phoneNumberId) =>
      cached(numbers, `${caller.tenantId}|${caller.businessId}|${phoneNumberId}`, () =>
        store.phoneNumber(caller, phoneNumberId),
      ),
    phoneNumberForUpstream: (phoneNumberId) =>
      cached(numbers, `upstream|${phoneNumberId}`, () => store.phoneNumberForUpstream(phoneNumberId)),
    async revokeToken(scope, tokenId, revokedAtMs) {
      const revoked = await store.revokeToken(scope, tokenId, revokedAtMs);
      callers.clear();
      return revoked;
    },
    async changeHosting(scope, phoneNumberId, change) {
      const changed = await store.changeHosting(scope, phoneNumberId, change);
      dropNumber(phoneNumberId);
      return changed;
    },
    async upsertPhoneNumber(scope, number) {
      const stored = await store.upsertPhoneNumber(scope, number);
      dropNumber(stored.phoneNumberId);
      return stored;
    },
  };
}
