// What the hosting part of the service keeps: one history entry per (thread, change), and one
// thread's share of a change (its entry, and the notice message the conversation store keeps).
import type { HostingState, MessageRecord } from "../domain/records.ts";

/** The change id of the entry written at a thread's first message. */
export const INITIAL_CHANGE_ID = "initial";

export interface HostingHistoryRecord {
  tenantId: string;
  threadId: string;
  /** The hosting-change event id (deterministic across redeliveries) or INITIAL_CHANGE_ID. */
  changeId: string;
  from: HostingState | undefined;
  to: HostingState;
  atMs: number;
  reason: string;
  changedBy: string;
  noticeMessageId: string;
}

/** One thread's share of a hosting change: its history entry and the notice shown in the chat. */
export interface HostingNotice {
  entry: HostingHistoryRecord;
  message: MessageRecord;
}
