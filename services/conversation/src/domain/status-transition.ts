// The order of outbound message statuses, as a pure function: which reported status moves a
// message forward from which stored one. sent < delivered < read; `read` implies delivered, so a
// late `delivered` changes nothing; `failed` is terminal. It must never let a duplicate or
// out-of-order report move a message backwards; the batch plan applies it, and the store writes
// each change conditionally on the status the plan read.
//
// One `failed` is provisional: the platform's own "outcome unknown" (@switchboard/proto
// send-outcome.ts), reported when a send's answer from Meta was lost and the message was not sent
// again. Meta may have taken it, so Meta's own later report of the message (sent, delivered,
// read, or a real failure) supersedes it. Being only a guess, it never overrides a status Meta
// already reported: it moves a message from `accepted` alone.

/** Statuses a send can be in. `accepted` is the platform's own: stored, not yet sent upstream. */
export const OUTBOUND_STATUSES = ["accepted", "sent", "delivered", "read", "failed"] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** Statuses that upstream reports and that can move a message (Meta's `deleted` cannot). */
export type ReportedStatus = Exclude<OutboundStatus, "accepted">;

const PREDECESSORS: Record<ReportedStatus, readonly OutboundStatus[]> = {
  sent: ["accepted"],
  delivered: ["accepted", "sent"],
  read: ["accepted", "sent", "delivered"],
  // A read receipt proves delivery, so a failure reported after it is stale; before it, a send
  // can still fail (e.g. undeliverable after `sent`).
  failed: ["accepted", "sent", "delivered"],
};

/** Which side of a transition is the provisional "outcome unknown" failure. */
export interface Provisional {
  /** The stored status is the platform's provisional `failed`. */
  stored?: boolean;
  /** The report is the platform's provisional `failed`. */
  reported?: boolean;
}

export function isReportedStatus(value: string): value is ReportedStatus {
  return Object.hasOwn(PREDECESSORS, value);
}

/** Whether a message stored at `current` moves to `next`. */
export function advances(current: string, next: ReportedStatus, provisional: Provisional = {}): boolean {
  // Our guess fills silence only: once Meta said anything, or a failure is stored, it is stale.
  if (provisional.reported) return next === "failed" && current === "accepted";
  // Meta's word about a message we could only guess at: whatever it says, it is the truth.
  if (provisional.stored && current === "failed") return true;
  return (PREDECESSORS[next] as readonly string[]).includes(current);
}
