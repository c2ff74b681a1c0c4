// Builds the PhoneNumberHostingChanged event from a stored hosting change. The event id is the
// change id, so a change re-published after a crash or a timeout is recognisably the same change
// to consumers. Never computes the encryption state itself: the shared rule in @switchboard/proto
// decides it, so ingress and conversation cannot disagree.
import { event, type OutgoingEvent } from "@switchboard/kit";
import { encryptionStateOf, PhoneNumberHostingChangedEvent } from "@switchboard/proto";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { HostingState, PendingHostingChange, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";

export function hostingSnapshotOf(state: HostingState): HostingSnapshot {
  return {
    hostingMode: state.hostingMode,
    encryptionState: encryptionStateOf(state.hostingMode),
    processors: [...state.processors],
  };
}

export function hostingChangedEvent(
  number: Pick<PhoneNumberRecord, "tenantId" | "businessId" | "phoneNumberId">,
  change: PendingHostingChange,
): OutgoingEvent {
  return event(PhoneNumberHostingChangedEvent, {
    key: number.phoneNumberId,
    tenantId: number.tenantId,
    id: change.changeId,
    time: new Date(change.changedAtMs),
    data: {
      tenantId: number.tenantId,
      businessId: number.businessId,
      phoneNumberId: number.phoneNumberId,
      from: hostingSnapshotOf(change.from),
      to: hostingSnapshotOf(change.to),
      reason: change.reason,
      changedBy: change.changedBy,
      changedAtMs: change.changedAtMs,
    },
  });
}
