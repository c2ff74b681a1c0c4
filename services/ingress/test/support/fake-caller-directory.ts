// A CallerDirectory over fixed tokens and numbers: a token by its hash, a number only within the
// caller's tenant and business, as the Mongo adapter looks them up.
import type { CallerDirectory } from "../../src/tenancy/caller-directory.ts";
import type { Caller, PhoneNumberRecord } from "../../src/tenancy/tenancy-records.ts";

export function createFakeCallerDirectory(
  tokens: Record<string, Caller>,
  numbers: Array<Caller & { phoneNumberId: string }>,
): CallerDirectory {
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
  };
}
