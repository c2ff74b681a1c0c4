// What the normalizer produces: an event to publish and, for items Meta may deliver more than
// once, the dedupe key to claim first. Event ids are derived from the same key (eventIdOf), so a
// republish after a lost claim is still recognisable downstream.
import type { OutgoingEvent } from "@switchboard/kit";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";

export type DedupeKind = "inbound" | "status" | "identity" | "identity_link";

export interface DedupeKey {
  kind: DedupeKind;
  /** The message id, or for identity links the wa_id being linked. */
  wamid: string;
  /** The status for status items, the new customer id for identity items, "" for inbound. */
  status: string;
}

export interface PlannedEvent {
  event: OutgoingEvent;
  claim?: DedupeKey;
}

/** Where a change is routed: always a tenant and business; a number for number-level changes. */
export interface UpstreamTarget {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  hosting: HostingSnapshot | undefined;
}
