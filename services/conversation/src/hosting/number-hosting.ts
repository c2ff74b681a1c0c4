// A phone number's current hosting, recorded once per change instead of rewritten into every
// thread document (per-document updates are what FerretDB cannot afford at millions of threads).
// List views overlay it on threads that existed when the change happened; a thread created later
// carries the new state in its own first-message snapshot already.
import type { HostingState, ThreadRecord } from "../domain/records.ts";

export interface NumberHosting {
  phoneNumberId: string;
  hosting: HostingState;
  /** When the change happened; threads created up to then are governed by it. */
  atMs: number;
  changeId: string;
}

/** The thread with the hosting in force now: its number's latest change when that is newer. */
export function currentHostingOf(thread: ThreadRecord, numbers: ReadonlyMap<string, NumberHosting>): ThreadRecord {
  const change = numbers.get(thread.phoneNumberId);
  return change && thread.createdAtMs <= change.atMs ? { ...thread, hosting: change.hosting } : thread;
}
