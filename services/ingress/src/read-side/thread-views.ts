// The JSON a business gets for a thread: ids, customer, the hosting label (who can read the
// chat, and what the customer was told), the 24-hour window and, for one thread, its hosting
// history. Builds views only from what the conversation service returned; adds no data.
import type { HostingHistoryEntry, Thread } from "./conversation-reader.ts";
import { type HostingLabel, hostingLabel } from "./hosting-label.ts";
import { unixSeconds, unixSecondsOrNull } from "./read-timestamps.ts";

export interface ThreadView {
  id: string;
  phone_number_id: string;
  customer: { id: string; wa_id: string };
  hosting: HostingLabel | null;
  window: { open: boolean; expires_at: string | null };
  created_at: string;
  updated_at: string;
  last_inbound_at: string | null;
}

export interface HostingChangeView {
  change_id: string;
  from: HostingLabel | null;
  to: HostingLabel | null;
  at: string;
  reason: string;
  changed_by: string;
  notice_message_id: string;
}

export function threadView(thread: Thread): ThreadView {
  return {
    id: thread.threadId,
    phone_number_id: thread.phoneNumberId,
    customer: { id: thread.customerId, wa_id: thread.customerWaId },
    hosting: hostingLabel(thread.hosting),
    window: { open: thread.windowOpen, expires_at: unixSecondsOrNull(thread.windowExpiresAtMs) },
    created_at: unixSeconds(thread.createdAtMs),
    updated_at: unixSeconds(thread.updatedAtMs),
    last_inbound_at: unixSecondsOrNull(thread.lastInboundAtMs),
  };
}

export function hostingChangeView(entry: HostingHistoryEntry): HostingChangeView {
  return {
    change_id: entry.changeId,
    from: hostingLabel(entry.from),
    to: hostingLabel(entry.to),
    at: unixSeconds(entry.atMs),
    reason: entry.reason,
    changed_by: entry.changedBy,
    notice_message_id: entry.noticeMessageId,
  };
}

export function threadDetailView(
  thread: Thread,
  history: readonly HostingHistoryEntry[],
): ThreadView & { hosting_history: HostingChangeView[] } {
  return { ...threadView(thread), hosting_history: history.map(hostingChangeView) };
}
