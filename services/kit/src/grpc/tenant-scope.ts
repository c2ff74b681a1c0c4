// The tenant scope of an internal gRPC call. A caller asks for a scope with plain request entries
// (scopeToMetadataEntries); its channel's interceptor (internal-channel.ts) replaces them with a
// signed, short-lived token, and the server's guard (call-guard.ts) verifies that token before any
// handler runs and binds the verified scope to the call. Handlers read only the bound scope: plain
// entries sent straight to a server are never trusted, and a call without a bound scope is refused.
import type { Metadata } from "@grpc/grpc-js";
import { AppError } from "../errors/app-error.ts";

/** The signed scope token (security/scope-token.ts), the only entry a server trusts. */
export const SCOPE_TOKEN_METADATA_KEY = "x-switchboard-scope";
/** Request entries: what the caller asks its own channel to sign. Servers ignore them. */
export const TENANT_METADATA_KEY = "x-switchboard-tenant";
export const BUSINESS_METADATA_KEY = "x-switchboard-business";
export const ALL_BUSINESSES_METADATA_KEY = "x-switchboard-all-businesses";

export interface TenantScope {
  readonly tenantId: string;
  /** The business account (WABA) within the tenant; empty only for a tenant-wide scope. */
  readonly businessId: string;
  /** A tenant-wide scope says so: an empty business alone is refused, never read as "all". */
  readonly allBusinesses?: boolean;
}

const verified = new WeakMap<Metadata, TenantScope>();

/** Called by the server's guard once the call's token verified; the scope handlers then receive. */
export function bindVerifiedScope(metadata: Metadata, scope: TenantScope): void {
  verified.set(metadata, scope);
}

/** The scope the guard verified for this call; refuses a call that did not pass the guard. */
export function scopeFromMetadata(metadata: Metadata): TenantScope {
  const scope = verified.get(metadata);
  if (!scope) throw new AppError("unauthenticated", "missing or unverified tenant scope");
  return scope;
}

export function scopeToMetadataEntries(scope: TenantScope): Record<string, string> {
  return {
    [TENANT_METADATA_KEY]: scope.tenantId,
    [BUSINESS_METADATA_KEY]: scope.businessId,
    ...(scope.allBusinesses ? { [ALL_BUSINESSES_METADATA_KEY]: "true" } : {}),
  };
}

/** The scope a caller asked for in request entries, or undefined when it asked for none. */
export function requestedScope(metadata: Metadata): TenantScope | undefined {
  const first = (key: string) => {
    const value = metadata.get(key)[0];
    return value === undefined ? undefined : String(value);
  };
  const tenantId = first(TENANT_METADATA_KEY);
  if (tenantId === undefined) return undefined;
  return {
    tenantId,
    businessId: first(BUSINESS_METADATA_KEY) ?? "",
    allBusinesses: first(ALL_BUSINESSES_METADATA_KEY) === "true",
  };
}

/** Removes every scope entry a caller or an attacker may have set, before the channel signs. */
export function clearScopeEntries(metadata: Metadata): void {
  for (const key of [SCOPE_TOKEN_METADATA_KEY, TENANT_METADATA_KEY, BUSINESS_METADATA_KEY, ALL_BUSINESSES_METADATA_KEY])
    metadata.remove(key);
}
