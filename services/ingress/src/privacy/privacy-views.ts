// The HTTP shapes of privacy answers, snake_case like Graph, times in unix seconds. Export reuses
// the read side's thread and message views so a customer's data reads like the rest of the API.
import { messageView } from "../read-side/message-views.ts";
import { threadDetailView } from "../read-side/thread-views.ts";
import type { ErasureTombstone, ExportCustomerDataResponse, MarketingPreference } from "./customer-privacy.ts";

const seconds = (ms: number) => Math.floor(ms / 1000);

export const marketingView = (m: MarketingPreference) => ({
  marketing_opted_out: m.optedOut,
  ...(m.changedAtMs > 0 ? { changed_at: seconds(m.changedAtMs), source: m.source } : {}),
});

export const tombstoneView = (t: ErasureTombstone) => ({
  thread_id: t.threadId,
  thread_ids: t.threadIds,
  requested_by: t.requestedBy,
  requested_at: seconds(t.requestedAtMs),
  completed_at: t.completedAtMs > 0 ? seconds(t.completedAtMs) : null,
  messages_erased: t.messagesErased,
});

export function exportView(data: ExportCustomerDataResponse) {
  return {
    thread: data.thread ? threadDetailView(data.thread, data.hostingHistory) : null,
    messages: data.messages.map(messageView),
    marketing: marketingView(data.marketing ?? { optedOut: false, changedAtMs: 0, source: "" }),
    erasures: data.tombstones.map(tombstoneView),
  };
}
