// The HostingStore port: the one owner of hosting history, fan-out progress and each number's
// current hosting. Threads and notice messages belong to the ConversationStore; a fan-out asks it
// for them. Every method takes the tenant scope first and adapters put it in every filter; no
// method returns an unbounded set.
import type { TenantScope } from "@switchboard/kit";
import type { HostingHistoryRecord } from "./hosting-records.ts";
import type { NumberHosting } from "./number-hosting.ts";

export interface FanOutProgress {
  /** The last thread id whose notice was stored and published; "" before the first page. */
  afterThreadId: string;
  done: boolean;
}

export interface HostingStore {
  /** Stores history entries; ones already stored are left as they are, so a replay changes nothing. */
  storeHistory(scope: TenantScope, entries: readonly HostingHistoryRecord[]): Promise<void>;
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
