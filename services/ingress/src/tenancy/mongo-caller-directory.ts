// The MongoDB adapter of the CallerDirectory: a token by its hash (revoked ones never match), and
// a number only within the caller's tenant and business.
import { traceDb } from "@switchboard/kit";
import type { CallerDirectory } from "./caller-directory.ts";
import type { TenancyModels } from "./tenancy-models.ts";
import type { PhoneNumberRecord } from "./tenancy-records.ts";

export function mongoCallerDirectory({ tokens, phoneNumbers }: TenancyModels): CallerDirectory {
  return {
    async callerForToken(tokenHash) {
      const found = await traceDb("access_tokens", "findOne", () =>
        tokens.findOne({ tokenHash, revokedAtMs: 0 }).lean<{ tenantId: string; businessId: string }>(),
      );
      return found ? { tenantId: found.tenantId, businessId: found.businessId } : undefined;
    },

    async phoneNumber(caller, phoneNumberId) {
      const found = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers
          .findOne({ tenantId: caller.tenantId, businessId: caller.businessId, phoneNumberId }, { _id: 0 })
          .lean<PhoneNumberRecord>(),
      );
      return found ?? undefined;
    },
  };
}
