// The TenantStore port: tenants, their phone numbers and access tokens. Lookups of phone numbers
// take the caller's tenant, so a token can never resolve another tenant's number.
import type {
  AccessTokenSummary,
  BusinessAccountRecord,
  Caller,
  PendingHostingChange,
  PhoneNumberRecord,
  TenantKind,
  TenantRecord,
} from "./tenancy-records.ts";

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

export interface TenantStore {
  createTenant(tenant: NewTenant): Promise<void>;
  callerForToken(tokenHash: string): Promise<Caller | undefined>;
  phoneNumber(caller: Caller, phoneNumberId: string): Promise<PhoneNumberRecord | undefined>;
  /**
   * Upstream routing only (Meta's signed webhook names the number, not a tenant): the number with
   * this id in whichever tenant registered it. Never use it for a business's own requests.
   */
  phoneNumberForUpstream(phoneNumberId: string): Promise<PhoneNumberRecord | undefined>;
  /** Upstream routing only: the tenant of a business account named by a webhook's `entry.id`. */
  businessForUpstream(businessId: string): Promise<Caller | undefined>;

  // --- Operator (admin API) methods. Writes are single-document and safe to retry. ---
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
  issueToken(scope: Caller, tokenId: string, tokenHash: string): Promise<void>;
  listTokens(scope: Caller, limit: number): Promise<AccessTokenSummary[]>;
  /** True when the token exists in the business (revoked now or before). */
  revokeToken(scope: Caller, tokenId: string, revokedAtMs: number): Promise<boolean>;
  /**
   * Moves the number to `change.to` only if it is still in `change.from` and has no unpublished
   * change; records the change as pending in the same write. False when another change won.
   */
  changeHosting(scope: Caller, phoneNumberId: string, change: PendingHostingChange): Promise<boolean>;
  /** Marks a pending change as published (no-op when it is already cleared). */
  clearPendingHostingChange(scope: Caller, phoneNumberId: string, changeId: string): Promise<void>;
  /** Operator-level sweep at start-up: numbers whose hosting change was stored but not published. */
  numbersWithPendingHostingChange(limit: number): Promise<PhoneNumberRecord[]>;
}
