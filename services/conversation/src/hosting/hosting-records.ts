// What the hosting part of the conversation store keeps: one history entry per (thread, change),
// and the work a fan-out hands to the store for one page of threads.
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

/** The part of a thread a fan-out needs; never the whole record set of a number at once. */
export interface ThreadOfNumber {
  threadId: string;
  businessId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
  createdAtMs: number;
}
