// The order of outbound message statuses, as a pure function: which reported status moves a
// message forward from which stored one. sent < delivered < read; `read` implies delivered, so a
// late `delivered` changes nothing; `failed` is terminal. It must never let a duplicate or
// out-of-order report move a message backwards; the batch plan applies it, and the store writes
// each change conditionally on the status the plan read.

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

export function isReportedStatus(value: string): value is ReportedStatus {
  return Object.hasOwn(PREDECESSORS, value);
}

/** Whether a message stored at `current` moves to `next`. */
export function advances(current: string, next: ReportedStatus): boolean {
  return (PREDECESSORS[next] as readonly string[]).includes(current);
}
