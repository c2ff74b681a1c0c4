// Fans one hosting change out to every thread of the phone number, a page at a time: memory holds
// one page, never the number's thread set. The threads and their notice messages belong to the
// conversation store, the history and progress to the hosting store; this module only asks them.
// Per page: store notices and history entries (the latest entry by time is the thread's current
// hosting, so an old change replayed late never overrides a newer one), publish the notices, then
// checkpoint. A crash anywhere replays from the last checkpoint; the replayed page's writes are
// absorbed by unique ids and its events carry the same ids, so nothing is stored twice. A
// finished change replayed again does nothing.
import type { EventBus, TenantScope } from "@switchboard/kit";
import type { ConversationStore } from "../store/conversation-store.ts";
import { type HostingChange, hostingNoticeFor, noticeEventOf } from "./hosting-notice.ts";
import type { HostingStore } from "./hosting-store.ts";

export const DEFAULT_FAN_OUT_PAGE = 500;

export interface FanOutDeps {
  hosting: HostingStore;
  conversations: Pick<ConversationStore, "threadsOfNumber" | "writeBatch">;
  bus: Pick<EventBus, "publish">;
  pageSize?: number;
  /** Checked between pages: true stops the run early; progress is saved, a later run resumes. */
  outOfTime?: () => boolean;
}

export interface FanOutResult {
  threads: number;
  pages: number;
  /** False when the run stopped early because it was out of time. */
  finished: boolean;
}

export async function fanOutHostingChange(
  deps: FanOutDeps,
  scope: TenantScope,
  phoneNumberId: string,
  change: HostingChange,
): Promise<FanOutResult> {
  const pageSize = deps.pageSize ?? DEFAULT_FAN_OUT_PAGE;
  const result: FanOutResult = { threads: 0, pages: 0, finished: false };
  // First, so list views show the new state while the per-thread notices are still going out.
  await deps.hosting.recordNumberHosting(scope, {
    phoneNumberId,
    hosting: change.to,
    atMs: change.atMs,
    changeId: change.changeId,
  });
  let progress = await deps.hosting.fanOutProgress(scope, change.changeId);
  while (!progress.done) {
    if (deps.outOfTime?.()) return result;
    const page = await deps.conversations.threadsOfNumber(scope, {
      phoneNumberId,
      afterThreadId: progress.afterThreadId,
      limit: pageSize,
    });
    // Threads first seen after the change took their state from their own first message.
    const affected = page.filter((t) => t.createdAtMs <= change.atMs);
    const work = affected.map((thread) => ({ thread, notice: hostingNoticeFor(change, thread) }));
    // Inserted like any batch's new messages: one already stored is left as it is.
    await deps.conversations.writeBatch(scope, {
      messages: work.map(({ notice: { message } }) => withoutTenant(message)),
      threads: [],
      changes: [],
    });
    await deps.hosting.storeHistory(
      scope,
      work.map((w) => w.notice.entry),
    );
    await deps.bus.publish(work.map((w) => noticeEventOf(w.notice, w.thread)));
    const last = page.at(-1);
    progress = { afterThreadId: last?.threadId ?? progress.afterThreadId, done: page.length < pageSize };
    await deps.hosting.saveFanOutProgress(scope, change.changeId, progress);
    result.threads += affected.length;
    result.pages += 1;
  }
  result.finished = true;
  return result;
}

/** The store takes the tenant from the scope, never from the record. */
function withoutTenant<T extends { tenantId: string }>({ tenantId: _, ...rest }: T): Omit<T, "tenantId"> {
  return rest;
}
