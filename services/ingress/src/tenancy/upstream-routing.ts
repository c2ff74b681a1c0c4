// The UpstreamRouting port: where Meta's signed webhooks belong. Meta names a number or a business
// account, never a tenant, so these lookups are the only ones without a tenant filter; they serve
// the upstream webhook receiver and the upstream channel only, and must never answer a business's
// own request.
import type { Caller, PhoneNumberRecord, SealedMetaCredentials } from "./tenancy-records.ts";

export interface UpstreamRouting {
  /** The number with this id in whichever tenant registered it. */
  phoneNumberForUpstream(phoneNumberId: string): Promise<PhoneNumberRecord | undefined>;
  /** The tenant of a business account named by a webhook's `entry.id`. */
  businessForUpstream(businessId: string): Promise<Caller | undefined>;
  /** The sealed Meta credentials registered for a business account (by its Meta WABA id). */
  metaCredentials(businessId: string): Promise<SealedMetaCredentials | undefined>;
}
