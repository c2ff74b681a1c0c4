// The notice at a thread's first message: the customer learns who hosts the chat from the start.
// Runs after every stored thread event, so it converges after a crash: the "initial" history
// entry is written last and is the marker that the notice was stored AND published; until it
// exists, any later delivery for the thread (the redelivered first message included) redoes the
// idempotent steps. A bounded per-process memo of finished threads keeps this off the store's
// back for busy threads; it is only an optimisation, never the source of truth.
import type { EventBus, TenantScope } from "@switchboard/kit";
import { threadKey } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { HostingState } from "../domain/records.ts";
import { hostingNoticeFor, noticeEventOf } from "./hosting-notice.ts";
import { INITIAL_CHANGE_ID, type ThreadOfNumber } from "./hosting-records.ts";
import type { HostingStore } from "./hosting-store.ts";

export interface InitialNoticeDeps {
  store: HostingStore;
  bus: EventBus;
  /** Threads remembered as done; the oldest are forgotten first. */
  memoSize?: number;
}

export interface NoticeTarget {
  ref: ThreadRef;
  hosting: HostingState;
  /** Dates the notice when it is missing: the time of the message that revealed the thread. */
  messageAtMs: number;
  /** The stored thread id; asked only when the memo does not already know the thread. */
  threadId: () => Promise<string>;
}

/** Ensures the thread has its initial notice. */
export type EnsureInitialNotice = (scope: TenantScope, target: NoticeTarget) => Promise<void>;

export function initialNotice(deps: InitialNoticeDeps): EnsureInitialNotice {
  const memoSize = deps.memoSize ?? 100_000;
  const done = new Set<string>();
  const remember = (key: string) => {
    done.add(key);
    if (done.size > memoSize) done.delete(done.values().next().value ?? key);
  };

  return async (scope, { ref, hosting, messageAtMs, threadId: resolveThreadId }) => {
    // Keyed by participants, so a remembered thread costs no alias lookup either.
    const key = threadKey({ ...ref, tenantId: scope.tenantId });
    if (done.has(key)) return;
    const threadId = await resolveThreadId();
    if (await deps.store.hasHistory(scope, threadId, INITIAL_CHANGE_ID)) {
      remember(key);
      return;
    }
    const target: ThreadOfNumber = {
      threadId,
      businessId: ref.businessId,
      phoneNumberId: ref.phoneNumberId,
      customerId: ref.customerId,
      customerWaId: ref.customerWaId,
      createdAtMs: messageAtMs,
    };
    const notice = hostingNoticeFor(
      {
        tenantId: scope.tenantId,
        changeId: INITIAL_CHANGE_ID,
        from: undefined,
        to: hosting,
        atMs: messageAtMs,
        reason: "initial",
        changedBy: "",
      },
      target,
    );
    await deps.store.storeNoticeMessages(scope, [notice.message]);
    await deps.bus.publish([noticeEventOf(notice, target)]);
    await deps.store.storeHistory(scope, [notice.entry]);
    remember(key);
  };
}
