// In-memory adapter of the HostingStore port for unit tests: the same observable semantics as the
// Mongo adapter (tenant in every lookup, first write wins) on plain maps,
// plus the threads it pages over, which tests seed. Never used by the running service.
import type { TenantScope } from "@switchboard/kit";
import type { HostingState, MessageRecord } from "../domain/records.ts";
import type { HostingHistoryRecord, ThreadOfNumber } from "./hosting-records.ts";
import type { FanOutProgress, HostingStore } from "./hosting-store.ts";
import type { NumberHosting } from "./number-hosting.ts";

export interface SeededThread extends ThreadOfNumber {
  tenantId: string;
  hosting: HostingState;
}

export interface InMemoryHostingStore extends HostingStore {
  readonly threads: Map<string, SeededThread>;
  readonly messages: Map<string, MessageRecord>;
  seedThread(thread: SeededThread): void;
}

export function createInMemoryHostingStore(): InMemoryHostingStore {
  const threads = new Map<string, SeededThread>();
  const messages = new Map<string, MessageRecord>();
  const history = new Map<string, HostingHistoryRecord>();
  const progress = new Map<string, FanOutProgress>();
  const numberHosting = new Map<string, NumberHosting>();
  const k = (...parts: string[]) => parts.join("\u0000");
  const inScope = (scope: TenantScope, t: SeededThread) =>
    t.tenantId === scope.tenantId && (scope.businessId === "" || t.businessId === scope.businessId);

  return {
    threads,
    messages,
    seedThread(thread) {
      threads.set(k(thread.tenantId, thread.threadId), { ...thread });
    },
    async threadsOfNumber(scope, query) {
      return [...threads.values()]
        .filter((t) => inScope(scope, t) && t.phoneNumberId === query.phoneNumberId && t.threadId > query.afterThreadId)
        .sort((a, b) => (a.threadId < b.threadId ? -1 : 1))
        .slice(0, query.limit)
        .map(({ threadId, businessId, phoneNumberId, customerId, customerWaId, createdAtMs }) => ({
          threadId,
          businessId,
          phoneNumberId,
          customerId,
          customerWaId,
          createdAtMs,
        }));
    },
    async recordNumberHosting(scope, change) {
      const key = k(scope.tenantId, change.phoneNumberId);
      const known = numberHosting.get(key);
      if (!known || known.atMs < change.atMs) numberHosting.set(key, { ...change });
    },
    async numberHostings(scope, phoneNumberIds) {
      const found = new Map<string, NumberHosting>();
      for (const id of phoneNumberIds) {
        const known = numberHosting.get(k(scope.tenantId, id));
        if (known) found.set(id, { ...known });
      }
      return found;
    },
    async storeNoticeMessages(scope, list) {
      for (const m of list) {
        if (m.tenantId !== scope.tenantId) throw new Error("notice outside the tenant scope");
        const key = k(m.tenantId, m.messageId);
        if (!messages.has(key)) messages.set(key, { ...m });
      }
    },
    async storeHistory(scope, entries) {
      for (const e of entries) {
        if (e.tenantId !== scope.tenantId) throw new Error("history entry outside the tenant scope");
        const key = k(e.tenantId, e.threadId, e.changeId);
        if (!history.has(key)) history.set(key, { ...e });
      }
    },
    async historyExists(scope, threadIds, changeId) {
      return new Set(threadIds.filter((threadId) => history.has(k(scope.tenantId, threadId, changeId))));
    },
    async hasHistory(scope, threadId, changeId) {
      return history.has(k(scope.tenantId, threadId, changeId));
    },
    async fanOutProgress(scope, changeId) {
      return { ...(progress.get(k(scope.tenantId, changeId)) ?? { afterThreadId: "", done: false }) };
    },
    async saveFanOutProgress(scope, changeId, next) {
      progress.set(k(scope.tenantId, changeId), { ...next });
    },
    async historyOf(scope, threadId) {
      return [...history.values()]
        .filter((h) => h.tenantId === scope.tenantId && h.threadId === threadId)
        .sort((a, b) => a.atMs - b.atMs || (a.changeId < b.changeId ? -1 : 1));
    },
  };
}
