// The MongoDB adapter of UpstreamRouting. Deliberately without a tenant filter: Meta's webhook
// names only the number or business account, and the unique indexes on `phoneNumberId` and
// `businessId` make each answer unambiguous; Meta credentials are read by `_id` (the business id).
import { traceDb } from "@switchboard/kit";
import type { TenancyModels } from "./tenancy-models.ts";
import type { PhoneNumberRecord, SealedMetaCredentials } from "./tenancy-records.ts";
import type { UpstreamRouting } from "./upstream-routing.ts";

export function mongoUpstreamRouting({ phoneNumbers, businesses, metaCredentials }: TenancyModels): UpstreamRouting {
  return {
    async phoneNumberForUpstream(phoneNumberId) {
      const found = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers.findOne({ phoneNumberId }, { _id: 0 }).lean<PhoneNumberRecord>(),
      );
      return found ?? undefined;
    },

    async businessForUpstream(businessId) {
      const found = await traceDb("business_accounts", "findOne", () =>
        businesses.findOne({ businessId }, { _id: 0 }).lean<{ tenantId: string; businessId: string }>(),
      );
      return found ? { tenantId: found.tenantId, businessId: found.businessId } : undefined;
    },

    async metaCredentials(businessId) {
      const found = await traceDb("meta_credentials", "findOne", () =>
        metaCredentials.findById(businessId, { _id: 0 }).lean<SealedMetaCredentials>(),
      );
      return found ?? undefined;
    },
  };
}
