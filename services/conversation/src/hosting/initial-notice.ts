// The notice at a thread's first message: the customer learns who hosts the chat from the start.
// Planned per consumed batch: the threads it touched that lack their "initial" history entry get
// a notice message and event, which travel with the batch's own messages and events; the entry
// is written last (`complete`), after the notice was published and stored, and is the marker
// that ends the work: until it exists, every later batch touching the thread redoes the
// idempotent steps (same ids). A bounded per-process memo of finished threads keeps busy threads
// off the store; it is only an optimisation, never the source of truth.
import type { OutgoingEvent, TenantScope } from "@switchboard/kit";
import { threadKey } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { HostingState } from "../domain/records.ts";
import type { ThreadOfNumber } from "../store/conversation-store.ts";
import { hostingNoticeFor, noticeEventOf } from "./hosting-notice.ts";
import { type HostingNotice, INITIAL_CHANGE_ID } from "./hosting-records.ts";
import type { HostingStore } from "./hosting-store.ts";

export interface NoticeTarget {
  ref: ThreadRef;
  threadId: string;
  hosting: HostingState;
  /** Dates the notice when it is missing: the time of the message that revealed the thread. */
  firstAtMs: number;
  /** Not stored before this batch, so it cannot have its entry: no read needed. */
  isNew: boolean;
}

export interface PendingNotice extends HostingNotice {
  event: OutgoingEvent;
  memoKey: string;
}

export interface InitialNotices {
  /** The notices these threads still owe, with one store read for the ones the memo lacks. */
  pending(scope: Pick<TenantScope, "tenantId">, targets: readonly NoticeTarget[]): Promise<PendingNotice[]>;
  /** Stores the history entries of notices that were published and stored: the end marker. */
  complete(scope: Pick<TenantScope, "tenantId">, notices: readonly PendingNotice[]): Promise<void>;
}

export function initialNotices(deps: {
  store: Pick<HostingStore, "historyExists" | "storeHistory">;
  /** Threads remembered as done; the oldest are forgotten first. */
  memoSize?: number;
}): InitialNotices {
  const memoSize = deps.memoSize ?? 100_000;
  const done = new Set<string>();
  const remember = (key: string) => {
    done.add(key);
    if (done.size > memoSize) done.delete(done.values().next().value ?? key);
  };

  return {
    async pending({ tenantId }, targets) {
      // Keyed by participants, so a remembered thread costs nothing at all.
      const open = targets.filter((t) => !done.has(threadKey({ ...t.ref, tenantId })));
      const known = open.filter((t) => !t.isNew).map((t) => t.threadId);
      const finished = known.length
        ? await deps.store.historyExists({ tenantId, businessId: "" }, known, INITIAL_CHANGE_ID)
        : new Set<string>();
      const owed: PendingNotice[] = [];
      for (const target of open) {
        const memoKey = threadKey({ ...target.ref, tenantId });
        if (finished.has(target.threadId)) {
          remember(memoKey);
          continue;
        }
        const thread: ThreadOfNumber = {
          threadId: target.threadId,
          businessId: target.ref.businessId,
          phoneNumberId: target.ref.phoneNumberId,
          customerId: target.ref.customerId,
          customerWaId: target.ref.customerWaId,
          createdAtMs: target.firstAtMs,
        };
        const notice = hostingNoticeFor(
          {
            tenantId,
            changeId: INITIAL_CHANGE_ID,
            from: undefined,
            to: target.hosting,
            atMs: target.firstAtMs,
            reason: "initial",
            changedBy: "",
          },
          thread,
        );
        owed.push({ ...notice, event: noticeEventOf(notice, thread), memoKey });
      }
      return owed;
    },

    async complete({ tenantId }, notices) {
      if (notices.length === 0) return;
      await deps.store.storeHistory(
        { tenantId, businessId: "" },
        notices.map((n) => n.entry),
      );
      for (const notice of notices) remember(notice.memoKey);
    },
  };
}
