// The TenancyAdmin port: what the operator's admin API reads and writes — tenants, their business
// accounts, phone numbers with their hosting, and access tokens. Writes are single-document and
// safe to retry. Methods below the tenant level take the tenant and business scope.
import type {
  AccessTokenSummary,
  BusinessAccountRecord,
  Caller,
  PendingHostingChange,
  PhoneNumberRecord,
  SealedMetaCredentials,
  TenantKind,
  TenantRecord,
} from "./tenancy-records.ts";

/**
 * A write named an id another tenant or business already holds (a Meta id registered twice): the
 * existing holder keeps it, nothing of the write's own is usable.
 */
export class IdAlreadyRegisteredError extends Error {
  override readonly name = "IdAlreadyRegisteredError";
}

export interface NewTenant {
  tenantId: string;
  name: string;
  kind: TenantKind;
  businessId: string;
  phoneNumbers: NewPhoneNumber[];
  tokenId: string;
  tokenHash: string;
}

export type NewPhoneNumber = Omit<PhoneNumberRecord, "tenantId" | "businessId" | "pendingHostingChange">;

export interface TenancyAdmin {
  /** A tenant with one business account, its numbers and a first token (the token written last). */
  createTenant(tenant: NewTenant): Promise<void>;
  /** Operator-level: every tenant of the installation (capped at `limit`). */
  listTenants(limit: number): Promise<TenantRecord[]>;
  tenant(tenantId: string): Promise<TenantRecord | undefined>;
  /** Creates the business account or returns the existing one with the same name in the tenant. */
  upsertBusinessAccount(tenantId: string, businessId: string, name: string): Promise<BusinessAccountRecord>;
  listBusinessAccounts(tenantId: string, limit: number): Promise<BusinessAccountRecord[]>;
  businessAccount(scope: Caller): Promise<BusinessAccountRecord | undefined>;
  /** Adds the number or returns the existing one with the same display number in the business. */
  upsertPhoneNumber(scope: Caller, number: NewPhoneNumber): Promise<PhoneNumberRecord>;
  listPhoneNumbers(scope: Caller, limit: number): Promise<PhoneNumberRecord[]>;
  /** `expiresAtMs` absent or 0: the token never expires. */
  issueToken(scope: Caller, tokenId: string, tokenHash: string, expiresAtMs?: number): Promise<void>;
  listTokens(scope: Caller, limit: number): Promise<AccessTokenSummary[]>;
  /** True when the token exists in the business (revoked now or before). */
  revokeToken(scope: Caller, tokenId: string, revokedAtMs: number): Promise<boolean>;
  /**
   * Makes a valid token expire at `expiresAtMs` at the latest (a rotation's grace period; an
   * earlier expiry is kept). False when the token is unknown in the business or revoked.
   */
  expireToken(scope: Caller, tokenId: string, expiresAtMs: number): Promise<boolean>;
  /**
   * Suspends (`suspendedAtMs` > 0) or resumes (0) a tenant, or one business account of it when
   * `businessId` is given. False when it does not exist.
   */
  setSuspended(target: { tenantId: string; businessId?: string }, suspendedAtMs: number): Promise<boolean>;
  /**
   * Moves the number to `change.to` only if it is still in `change.from` and has no unpublished
   * change; records the change as pending in the same write. False when another change won.
   */
  changeHosting(scope: Caller, phoneNumberId: string, change: PendingHostingChange): Promise<boolean>;
  /** Marks a pending change as published (no-op when it is already cleared). */
  clearPendingHostingChange(scope: Caller, phoneNumberId: string, changeId: string): Promise<void>;
  /** Operator-level sweep at start-up: numbers whose hosting change was stored but not published. */
  numbersWithPendingHostingChange(limit: number): Promise<PhoneNumberRecord[]>;
  /** Registers (or replaces) how ingress reaches Meta for the business; values arrive sealed. */
  setMetaCredentials(scope: Caller, credentials: Omit<SealedMetaCredentials, "tenantId" | "businessId">): Promise<void>;
  /** Replaces the sealed values only if the record still holds `previous` (key rotation, lazily). */
  resealMetaCredentials(
    scope: Caller,
    previous: Pick<SealedMetaCredentials, "sealedSystemUserToken" | "sealedAppSecret">,
    credentials: Omit<SealedMetaCredentials, "tenantId" | "businessId">,
  ): Promise<void>;
}
