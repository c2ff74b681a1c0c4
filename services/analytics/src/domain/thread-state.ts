// Per-thread state behind two measures that no single event can decide: service windows opened
// and the business's first-response time. Pure: the batch reads states, steps them through its
// events in offset order, writes them back. Rules are on event time, not arrival order, so a
// second copy of a message changes nothing: its time is not after what the state already holds.
// - An inbound message at t opens a window iff no window was opened yet or t ≥ window start + 24 h;
//   the window then starts at t.
// - An inbound message at t after the business's last reply starts the wait (the earliest such t).
// - An outbound message at t ≥ wait start ends the wait: one first-response time, t − wait start.
// A state remembers the last offset it applied (one thread lives on one partition): a redelivered
// event at or below it has already moved the state and is not applied again.
import { compareOffsets } from "./fact.ts";

export const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ThreadState {
  /** `tenant|phone number|customer`. */
  id: string;
  tenantId: string;
  windowStartMs?: number;
  awaitingSinceMs?: number;
  lastReplyAtMs?: number;
  /**
   * Start of the latest UTC hour, day and month in which the customer's unique-customer fact was
   * made (batch-facts.ts): a later message of the same period makes none, so a customer costs one
   * fact per period, not one per message.
   */
  customerHourMs?: number;
  customerDayMs?: number;
  customerMonthMs?: number;
  appliedOffset: string;
}

export type ThreadStep =
  | { kind: "inbound"; atMs: number; offset: string }
  | { kind: "outbound"; atMs: number; offset: string };

export type ThreadOutcome =
  | { kind: "none" }
  | { kind: "window-opened"; atMs: number }
  | { kind: "responded"; responseMs: number; awaitingSinceMs: number };

export function threadIdOf(tenantId: string, phoneNumberId: string, customerId: string): string {
  return `${tenantId}|${phoneNumberId}|${customerId}`;
}

export function emptyThread(id: string, tenantId: string): ThreadState {
  return { id, tenantId, appliedOffset: "-1" };
}

/** Whether an event at `offset` is not yet in `state` (a redelivered one is: it moved it already). */
export function isNewForThread(state: ThreadState, offset: string): boolean {
  return compareOffsets(offset, state.appliedOffset) > 0;
}

/** Applies one event to `state` in place and says which measure it produced, if any. */
export function stepThread(state: ThreadState, step: ThreadStep): ThreadOutcome[] {
  if (!isNewForThread(state, step.offset)) return [];
  state.appliedOffset = step.offset;
  const outcomes: ThreadOutcome[] = [];
  if (step.kind === "inbound") {
    if (state.windowStartMs === undefined || step.atMs >= state.windowStartMs + WINDOW_MS) {
      state.windowStartMs = step.atMs;
      outcomes.push({ kind: "window-opened", atMs: step.atMs });
    }
    const afterReply = state.lastReplyAtMs === undefined || step.atMs > state.lastReplyAtMs;
    if (afterReply && (state.awaitingSinceMs === undefined || step.atMs < state.awaitingSinceMs)) {
      state.awaitingSinceMs = step.atMs;
    }
    return outcomes;
  }
  if (state.awaitingSinceMs !== undefined && step.atMs >= state.awaitingSinceMs) {
    outcomes.push({
      kind: "responded",
      responseMs: step.atMs - state.awaitingSinceMs,
      awaitingSinceMs: state.awaitingSinceMs,
    });
    delete state.awaitingSinceMs;
  }
  if (state.lastReplyAtMs === undefined || step.atMs > state.lastReplyAtMs) state.lastReplyAtMs = step.atMs;
  return outcomes;
}
