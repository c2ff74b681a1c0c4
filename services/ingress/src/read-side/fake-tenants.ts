// A TenantStore for the read routes' unit tests: tokens and phone numbers in memory, looked up
// within the caller's tenant and business as the Mongo store does. The operator methods are not
// used by the read routes and fail loudly if a test reaches them.
import type { Caller, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";

const unused = async (): Promise<never> => {
  throw new Error("not used by the read routes");
};

export function createFakeTenants(
  tokens: Record<string, Caller>,
  numbers: Array<Caller & { phoneNumberId: string }>,
): TenantStore {
  const record = (n: Caller & { phoneNumberId: string }): PhoneNumberRecord => ({
    ...n,
    displayPhoneNumber: `+1 555 ${n.phoneNumberId.slice(-7)}`,
    hostingMode: "cloud",
    processors: ["business", "meta"],
    catalogId: "",
  });
  return {
    async callerForToken(hash) {
      return Object.entries(tokens).find(([tokenHash]) => tokenHash === hash)?.[1];
    },
    async phoneNumber(caller, phoneNumberId) {
      const found = numbers.find(
        (n) =>
          n.tenantId === caller.tenantId && n.businessId === caller.businessId && n.phoneNumberId === phoneNumberId,
      );
      return found ? record(found) : undefined;
    },
    createTenant: unused,
    phoneNumberForUpstream: unused,
    businessForUpstream: unused,
    listTenants: unused,
    tenant: unused,
    upsertBusinessAccount: unused,
    listBusinessAccounts: unused,
    businessAccount: unused,
    upsertPhoneNumber: unused,
    listPhoneNumbers: unused,
    issueToken: unused,
    listTokens: unused,
    revokeToken: unused,
    changeHosting: unused,
    clearPendingHostingChange: unused,
    numbersWithPendingHostingChange: unused,
  };
}
