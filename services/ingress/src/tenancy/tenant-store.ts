// The TenantStore port: tenants, their phone numbers and access tokens. Lookups of phone numbers
// take the caller's tenant, so a token can never resolve another tenant's number.
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";

export interface NewTenant {
  tenantId: string;
  name: string;
  businessId: string;
  phoneNumbers: Omit<PhoneNumberRecord, "tenantId" | "businessId">[];
  tokenHash: string;
}

export interface TenantStore {
  createTenant(tenant: NewTenant): Promise<void>;
  callerForToken(tokenHash: string): Promise<Caller | undefined>;
  phoneNumber(caller: Caller, phoneNumberId: string): Promise<PhoneNumberRecord | undefined>;
}
