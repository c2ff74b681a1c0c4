// In-memory adapter of the three tenancy ports (callers, upstream routing, admin) over one set of
// maps, with the Mongo adapters' semantics: a token by its hash and only while unrevoked, a number
// only within its tenant and business, upserts on the same natural keys, a hosting change only
// from the state it names. For the in-process fuzz and isolation suites, which run thousands of
// requests and cannot afford a database round trip for each.

import type { Tenancy } from "../../services/ingress/src/tenancy/tenancy.ts";
import type { TenancyAdmin } from "../../services/ingress/src/tenancy/tenancy-admin.ts";
import { IdAlreadyRegisteredError } from "../../services/ingress/src/tenancy/tenancy-admin.ts";
import type {
  AccessTokenSummary,
  BusinessAccountRecord,
  Caller,
  PhoneNumberRecord,
  SealedMetaCredentials,
  TenantRecord,
} from "../../services/ingress/src/tenancy/tenancy-records.ts";

interface StoredToken extends AccessTokenSummary, Caller {
  tokenHash: string;
}

export interface InMemoryTenancyState {
  tenants: TenantRecord[];
  businesses: BusinessAccountRecord[];
  numbers: PhoneNumberRecord[];
  tokens: StoredToken[];
  credentials: Map<string, SealedMetaCredentials>;
}

const inScope = (scope: Caller) => (r: Caller) => r.tenantId === scope.tenantId && r.businessId === scope.businessId;

export function createInMemoryTenancy(): Tenancy & { state: InMemoryTenancyState } {
  const state: InMemoryTenancyState = { tenants: [], businesses: [], numbers: [], tokens: [], credentials: new Map() };
  const { tenants, businesses, numbers, tokens, credentials } = state;

  const addNumber = (scope: Caller, number: Omit<PhoneNumberRecord, "tenantId" | "businessId">) => {
    const existing = numbers.find((n) => inScope(scope)(n) && n.displayPhoneNumber === number.displayPhoneNumber);
    if (existing) return existing;
    if (numbers.some((n) => n.phoneNumberId === number.phoneNumberId))
      throw new IdAlreadyRegisteredError("an id of this write is registered elsewhere");
    const record = { ...number, ...scope };
    numbers.push(record);
    return record;
  };

  const admin: TenancyAdmin = {
    async createTenant(t) {
      if (!tenants.some((x) => x.tenantId === t.tenantId))
        tenants.push({ tenantId: t.tenantId, name: t.name, kind: t.kind, createdAtMs: Date.now() });
      const scope = { tenantId: t.tenantId, businessId: t.businessId };
      await admin.upsertBusinessAccount(t.tenantId, t.businessId, t.name);
      for (const n of t.phoneNumbers) addNumber(scope, n);
      await admin.issueToken(scope, t.tokenId, t.tokenHash);
    },
    async listTenants(limit) {
      return tenants.slice(0, limit);
    },
    async tenant(tenantId) {
      return tenants.find((t) => t.tenantId === tenantId);
    },
    async upsertBusinessAccount(tenantId, businessId, name) {
      const existing = businesses.find((b) => b.tenantId === tenantId && b.name === name);
      if (existing) return existing;
      if (businesses.some((b) => b.businessId === businessId))
        throw new IdAlreadyRegisteredError("an id of this write is registered elsewhere");
      const record = { tenantId, businessId, name, createdAtMs: Date.now() };
      businesses.push(record);
      return record;
    },
    async listBusinessAccounts(tenantId, limit) {
      return businesses.filter((b) => b.tenantId === tenantId).slice(0, limit);
    },
    async businessAccount(scope) {
      return businesses.find(inScope(scope));
    },
    async upsertPhoneNumber(scope, number) {
      return addNumber(scope, number);
    },
    async listPhoneNumbers(scope, limit) {
      return numbers
        .filter(inScope(scope))
        .sort((a, b) => a.displayPhoneNumber.localeCompare(b.displayPhoneNumber))
        .slice(0, limit);
    },
    async issueToken(scope, tokenId, tokenHash, expiresAtMs) {
      tokens.push({
        ...scope,
        tokenId,
        tokenHash,
        createdAtMs: Date.now(),
        revokedAtMs: 0,
        ...(expiresAtMs ? { expiresAtMs } : {}),
      });
    },
    async listTokens(scope, limit) {
      return tokens
        .filter(inScope(scope))
        .slice(0, limit)
        .map(({ tokenId, createdAtMs, revokedAtMs, expiresAtMs }) => ({
          tokenId,
          createdAtMs,
          revokedAtMs,
          ...(expiresAtMs ? { expiresAtMs } : {}),
        }));
    },
    async revokeToken(scope, tokenId, revokedAtMs) {
      const found = tokens.find((t) => inScope(scope)(t) && t.tokenId === tokenId);
      if (found && found.revokedAtMs === 0) found.revokedAtMs = revokedAtMs;
      return found !== undefined;
    },
    async expireToken(scope, tokenId, expiresAtMs) {
      const found = tokens.find((t) => inScope(scope)(t) && t.tokenId === tokenId && t.revokedAtMs === 0);
      if (!found) return false;
      if (!found.expiresAtMs || found.expiresAtMs > expiresAtMs) found.expiresAtMs = expiresAtMs;
      return true;
    },
    async setSuspended(target, suspendedAtMs) {
      const { businessId } = target;
      const found =
        businessId === undefined
          ? tenants.find((t) => t.tenantId === target.tenantId)
          : businesses.find(inScope({ tenantId: target.tenantId, businessId }));
      if (!found) return false;
      found.suspendedAtMs = suspendedAtMs;
      return true;
    },
    async changeHosting(scope, phoneNumberId, change) {
      const current = numbers.find((n) => inScope(scope)(n) && n.phoneNumberId === phoneNumberId);
      const sameFrom =
        current?.hostingMode === change.from.hostingMode &&
        current.processors.join(",") === change.from.processors.join(",") &&
        !current.pendingHostingChange;
      if (!current || !sameFrom) return false;
      current.hostingMode = change.to.hostingMode;
      current.processors = change.to.processors;
      current.pendingHostingChange = change;
      current.lastHostingChangeId = change.changeId;
      return true;
    },
    async clearPendingHostingChange(scope, phoneNumberId, changeId) {
      const current = numbers.find((n) => inScope(scope)(n) && n.phoneNumberId === phoneNumberId);
      if (current?.pendingHostingChange?.changeId === changeId) delete current.pendingHostingChange;
    },
    async numbersWithPendingHostingChange(limit) {
      return numbers.filter((n) => n.pendingHostingChange !== undefined).slice(0, limit);
    },
    async setMetaCredentials(scope, sealed) {
      credentials.set(scope.businessId, { ...sealed, ...scope });
    },
    async resealMetaCredentials(scope, previous, sealed) {
      const current = credentials.get(scope.businessId);
      if (
        current?.sealedSystemUserToken === previous.sealedSystemUserToken &&
        current.sealedAppSecret === previous.sealedAppSecret
      )
        credentials.set(scope.businessId, { ...current, ...sealed, ...scope });
    },
  };

  return {
    state,
    admin,
    callers: {
      async callerForToken(tokenHash) {
        const found = tokens.find((t) => t.tokenHash === tokenHash && t.revokedAtMs === 0);
        if (!found) return undefined;
        const { tenantId, businessId, expiresAtMs } = found;
        const tenant = tenants.find((t) => t.tenantId === tenantId);
        const business = businesses.find(inScope(found));
        const suspended =
          (tenant?.suspendedAtMs ?? 0) > 0 ? "tenant" : (business?.suspendedAtMs ?? 0) > 0 ? "business" : undefined;
        return { tenantId, businessId, ...(expiresAtMs ? { expiresAtMs } : {}), ...(suspended ? { suspended } : {}) };
      },
      async phoneNumber(caller, phoneNumberId) {
        return numbers.find((n) => inScope(caller)(n) && n.phoneNumberId === phoneNumberId);
      },
    },
    upstream: {
      async phoneNumberForUpstream(phoneNumberId) {
        return numbers.find((n) => n.phoneNumberId === phoneNumberId);
      },
      async businessForUpstream(businessId) {
        const found = businesses.find((b) => b.businessId === businessId);
        return found && { tenantId: found.tenantId, businessId: found.businessId };
      },
      async metaCredentials(businessId) {
        return credentials.get(businessId);
      },
    },
  };
}
