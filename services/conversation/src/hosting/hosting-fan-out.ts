// Fans one hosting change out to every thread of the phone number, a page at a time: memory holds
// one page, never the number's thread set. Per page: store notices and history entries (the
// latest entry by time is the thread's current hosting, so an old change replayed late never
// overrides a newer one), publish the notices, then checkpoint. A crash anywhere replays from the last
// checkpoint; the replayed page's writes are absorbed by unique ids and its events carry the same
// ids, so nothing is stored twice. A finished change replayed again does nothing.
import type { EventBus, TenantScope } from "@switchboard/kit";
import { type HostingChange, hostingNoticeFor, noticeEventOf } from "./hosting-notice.ts";
import type { HostingStore } from "./hosting-store.ts";

export const DEFAULT_FAN_OUT_PAGE = 500;

export interface FanOutDeps {
  store: HostingStore;
  bus: EventBus;
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
  await deps.store.recordNumberHosting(scope, {
    phoneNumberId,
    hosting: change.to,
    atMs: change.atMs,
    changeId: change.changeId,
  });
  let progress = await deps.store.fanOutProgress(scope, change.changeId);
  while (!progress.done) {
    if (deps.outOfTime?.()) return result;
    const page = await deps.store.threadsOfNumber(scope, {
      phoneNumberId,
      afterThreadId: progress.afterThreadId,
      limit: pageSize,
    });
    // Threads first seen after the change took their state from their own first message.
    const affected = page.filter((t) => t.createdAtMs <= change.atMs);
    const work = affected.map((thread) => ({ thread, notice: hostingNoticeFor(change, thread) }));
    await deps.store.storeNoticeMessages(
      scope,
      work.map((w) => w.notice.message),
    );
    await deps.store.storeHistory(
      scope,
      work.map((w) => w.notice.entry),
    );
    await deps.bus.publish(work.map((w) => noticeEventOf(w.notice, w.thread)));
    const last = page.at(-1);
    progress = { afterThreadId: last?.threadId ?? progress.afterThreadId, done: page.length < pageSize };
    await deps.store.saveFanOutProgress(scope, change.changeId, progress);
    result.threads += affected.length;
    result.pages += 1;
  }
  result.finished = true;
  return result;
}
