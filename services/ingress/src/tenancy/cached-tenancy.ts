// Caches the lookups every request or webhook makes (token → caller, number → record, business
// account → tenant, business account → sealed Meta credentials) for `ttlMs` (AUTH_CACHE_TTL_MS, 5 s by default), each cache holding at most
// `maxEntries` (least recently used evicted), so the hot path pays no store round trip per request.
// Admin writes through this tenancy drop what they change at once. What changes elsewhere — a token
// revoked or a number changed through another ingress replica — is seen here within `ttlMs` at
// the latest: that is the bound on how long a revoked token, or one of a tenant or business
// suspended elsewhere, keeps working (an expiry is checked on every request, cached or not). Misses are never
// cached: a token or number created a moment ago works at once, and an unknown one stays unknown
// only as long as the store says so.
import { createBoundedCache } from "../cache/bounded-cache.ts";
import type { Tenancy } from "./tenancy.ts";
import type { Caller, PhoneNumberRecord, SealedMetaCredentials, TokenGrant } from "./tenancy-records.ts";

export interface TenantCacheOptions {
  ttlMs: number;
  /** Per cache (callers, numbers, upstream numbers, businesses); default 50,000. */
  maxEntries?: number;
  now?: () => number;
}

export function cachedTenancy(tenancy: Tenancy, options: TenantCacheOptions): Tenancy {
  const { callers, upstream, admin } = tenancy;
  const settings = { ttlMs: options.ttlMs, maxEntries: options.maxEntries ?? 50_000, now: options.now ?? Date.now };
  const byToken = createBoundedCache<TokenGrant>(settings);
  const numbers = createBoundedCache<PhoneNumberRecord>(settings);
  const upstreamNumbers = createBoundedCache<PhoneNumberRecord>(settings);
  const businesses = createBoundedCache<Caller>(settings);
  const credentials = createBoundedCache<SealedMetaCredentials>(settings);

  const numberKey = (scope: Caller, phoneNumberId: string) => `${scope.tenantId}|${scope.businessId}|${phoneNumberId}`;
  // A number is only ever found in the business that owns it, so these two keys are all it is cached under.
  const dropNumber = (scope: Caller, phoneNumberId: string) => {
    numbers.delete(numberKey(scope, phoneNumberId));
    upstreamNumbers.delete(phoneNumberId);
  };

  return {
    callers: {
      callerForToken: (tokenHash) => byToken.get(tokenHash, () => callers.callerForToken(tokenHash)),
      phoneNumber: (caller, phoneNumberId) =>
        numbers.get(numberKey(caller, phoneNumberId), () => callers.phoneNumber(caller, phoneNumberId)),
    },
    upstream: {
      phoneNumberForUpstream: (phoneNumberId) =>
        upstreamNumbers.get(phoneNumberId, () => upstream.phoneNumberForUpstream(phoneNumberId)),
      // A business account never moves to another tenant; only the miss (not cached) can change.
      businessForUpstream: (businessId) => businesses.get(businessId, () => upstream.businessForUpstream(businessId)),
      metaCredentials: (businessId) => credentials.get(businessId, () => upstream.metaCredentials(businessId)),
    },
    admin: {
      ...admin,
      async revokeToken(scope, tokenId, revokedAtMs) {
        const revoked = await admin.revokeToken(scope, tokenId, revokedAtMs);
        // The cache is keyed by token hash, which the revocation does not name: forget every caller.
        byToken.clear();
        return revoked;
      },
      // Expiry and suspension are part of a cached grant: forget every caller, as for a revocation.
      async expireToken(scope, tokenId, expiresAtMs) {
        try {
          return await admin.expireToken(scope, tokenId, expiresAtMs);
        } finally {
          byToken.clear();
        }
      },
      async setSuspended(target, suspendedAtMs) {
        try {
          return await admin.setSuspended(target, suspendedAtMs);
        } finally {
          byToken.clear();
        }
      },
      async changeHosting(scope, phoneNumberId, change) {
        try {
          return await admin.changeHosting(scope, phoneNumberId, change);
        } finally {
          dropNumber(scope, phoneNumberId);
        }
      },
      async clearPendingHostingChange(scope, phoneNumberId, changeId) {
        // The pending mark is part of the cached record: a stale one would refuse the next change.
        try {
          await admin.clearPendingHostingChange(scope, phoneNumberId, changeId);
        } finally {
          dropNumber(scope, phoneNumberId);
        }
      },
      async setMetaCredentials(scope, sealed) {
        try {
          await admin.setMetaCredentials(scope, sealed);
        } finally {
          credentials.delete(scope.businessId);
        }
      },
      async resealMetaCredentials(scope, previous, sealed) {
        try {
          await admin.resealMetaCredentials(scope, previous, sealed);
        } finally {
          credentials.delete(scope.businessId);
        }
      },
      async upsertPhoneNumber(scope, number) {
        const stored = await admin.upsertPhoneNumber(scope, number);
        dropNumber(scope, stored.phoneNumberId);
        return stored;
      },
    },
  };
}
