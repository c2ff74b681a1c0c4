// An UpstreamRouting over a fixed list of numbers: a webhook's number or business account is
// found in whichever tenant the list gives it, as the Mongo adapter finds it across tenants; Meta
// credentials, when given, by business id.
import type { PhoneNumberRecord, SealedMetaCredentials } from "../../src/tenancy/tenancy-records.ts";
import type { UpstreamRouting } from "../../src/tenancy/upstream-routing.ts";

export function createFakeUpstreamRouting(
  numbers: readonly PhoneNumberRecord[],
  credentials: readonly SealedMetaCredentials[] = [],
): UpstreamRouting {
  return {
    async phoneNumberForUpstream(id) {
      return numbers.find((n) => n.phoneNumberId === id);
    },
    async businessForUpstream(id) {
      const n = numbers.find((x) => x.businessId === id);
      return n && { tenantId: n.tenantId, businessId: n.businessId };
    },
    async metaCredentials(id) {
      return credentials.find((c) => c.businessId === id);
    },
  };
}
