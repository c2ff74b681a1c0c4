// Builds one thread's share of a hosting change: the history entry, the system notice message and
// the SystemMessageAdded event. Everything is derived from (change id, thread), so a replayed
// fan-out produces byte-identical records and ids that the store's unique indexes absorb.
import { createHash } from "node:crypto";
import { event, type OutgoingEvent } from "@switchboard/kit";
import { SystemMessageAddedEvent, threadKey } from "@switchboard/proto";
import type { HostingState } from "../domain/records.ts";
import type { ThreadOfNumber } from "../store/conversation-store.ts";
import { hostingNoticeText } from "./hosting-notice-text.ts";
import type { HostingNotice } from "./hosting-records.ts";

export const HOSTING_NOTICE_KIND = "hosting_notice";

export interface HostingChange {
  tenantId: string;
  changeId: string;
  from: HostingState | undefined;
  to: HostingState;
  atMs: number;
  reason: string;
  changedBy: string;
}

export function noticeMessageIdOf(changeId: string, threadId: string): string {
  const digest = createHash("sha256").update(`${changeId}\u0000${threadId}`).digest("hex");
  return `sys.${digest.slice(0, 32)}`;
}

export function hostingNoticeFor(change: HostingChange, thread: ThreadOfNumber): HostingNotice {
  const messageId = noticeMessageIdOf(change.changeId, thread.threadId);
  const text = hostingNoticeText(change.to.hostingMode);
  return {
    entry: {
      tenantId: change.tenantId,
      threadId: thread.threadId,
      changeId: change.changeId,
      from: change.from,
      to: change.to,
      atMs: change.atMs,
      reason: change.reason,
      changedBy: change.changedBy,
      noticeMessageId: messageId,
    },
    message: {
      tenantId: change.tenantId,
      threadId: thread.threadId,
      messageId,
      direction: "system",
      type: "system",
      status: "",
      bodyJson: JSON.stringify({ system: { type: HOSTING_NOTICE_KIND, body: text } }),
      createdAtMs: change.atMs,
      hosting: change.to,
    },
  };
}

/** The event that delivers a stored notice to the business's webhook and to watch streams. */
export function noticeEventOf(notice: HostingNotice, thread: ThreadOfNumber): OutgoingEvent {
  const ref = {
    tenantId: notice.entry.tenantId,
    businessId: thread.businessId,
    phoneNumberId: thread.phoneNumberId,
    customerId: thread.customerId,
    customerWaId: thread.customerWaId,
  };
  return event(SystemMessageAddedEvent, {
    key: threadKey(ref),
    tenantId: ref.tenantId,
    // The envelope id equals the message id, so consumers can drop a re-published notice.
    id: notice.message.messageId,
    data: {
      thread: ref,
      messageId: notice.message.messageId,
      kind: HOSTING_NOTICE_KIND,
      text: hostingNoticeText(notice.entry.to.hostingMode),
      createdAtMs: notice.message.createdAtMs,
      hosting: { ...notice.entry.to },
    },
  });
}
