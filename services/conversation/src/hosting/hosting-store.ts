// The HostingStore port: history entries, notices and the per-number thread pages a fan-out walks.
// Every method takes the tenant scope first and adapters put it in every filter; no method returns
// an unbounded set (pages are capped by the caller's limit).
import type { TenantScope } from "@switchboard/kit";
import type { MessageRecord } from "../domain/records.ts";
import type { HostingHistoryRecord, ThreadOfNumber } from "./hosting-records.ts";
import type { NumberHosting } from "./number-hosting.ts";

export interface FanOutProgress {
  /** The last thread id whose notice was stored and published; "" before the first page. */
  afterThreadId: string;
  done: boolean;
}

export interface HostingStore {
  /** One page of a number's threads in thread-id order, at most `limit` of them. */
  threadsOfNumber(
    scope: TenantScope,
    query: { phoneNumberId: string; afterThreadId: string; limit: number },
  ): Promise<ThreadOfNumber[]>;
  /** Stores notice messages; ones already stored are left as they are, so a replay changes nothing. */
  storeNoticeMessages(scope: TenantScope, messages: readonly MessageRecord[]): Promise<void>;
  /** Stores history entries, idempotently like the notices. */
  storeHistory(scope: TenantScope, entries: readonly HostingHistoryRecord[]): Promise<void>;
  hasHistory(scope: TenantScope, threadId: string, changeId: string): Promise<boolean>;
  /** Of these threads, the ones that have an entry for `changeId` (one read). */
  historyExists(scope: TenantScope, threadIds: readonly string[], changeId: string): Promise<Set<string>>;
  fanOutProgress(scope: TenantScope, changeId: string): Promise<FanOutProgress>;
  saveFanOutProgress(scope: TenantScope, changeId: string, progress: FanOutProgress): Promise<void>;
  /** Records a number's hosting change unless a newer one is recorded already. Idempotent. */
  recordNumberHosting(scope: TenantScope, change: NumberHosting): Promise<void>;
  /** The latest recorded change of each of these numbers (absent: never changed). */
  numberHostings(scope: TenantScope, phoneNumberIds: readonly string[]): Promise<Map<string, NumberHosting>>;
  /** A thread's history, oldest first; its last entry is the thread's current hosting. */
  historyOf(scope: TenantScope, threadId: string): Promise<HostingHistoryRecord[]>;
}
