// In-memory adapter of the HostingStore port, for unit tests: the Mongo adapter's observable
// semantics (tenant in every lookup, first write wins, the newest number change wins) on plain
// maps. It holds hosting data only: threads and notice messages are the conversation store's.
// The store contract (hosting-store-contract.ts) holds both adapters to the same behaviour.
import type { HostingHistoryRecord } from "../../src/hosting/hosting-records.ts";
import type { FanOutProgress, HostingStore } from "../../src/hosting/hosting-store.ts";
import type { NumberHosting } from "../../src/hosting/number-hosting.ts";

export function createInMemoryHostingStore(): HostingStore {
  const history = new Map<string, HostingHistoryRecord>();
  const progress = new Map<string, FanOutProgress>();
  const numberHosting = new Map<string, NumberHosting>();
  const k = (...parts: string[]) => parts.join("\u0000");

  return {
    async storeHistory(scope, entries) {
      if (entries.some((e) => e.tenantId !== scope.tenantId)) throw new Error("history entry outside the tenant scope");
      for (const e of entries) {
        const key = k(e.tenantId, e.threadId, e.changeId);
        if (!history.has(key)) history.set(key, { ...e });
      }
    },
    async historyExists(scope, threadIds, changeId) {
      return new Set(threadIds.filter((threadId) => history.has(k(scope.tenantId, threadId, changeId))));
    },
    async fanOutProgress(scope, changeId) {
      return { ...(progress.get(k(scope.tenantId, changeId)) ?? { afterThreadId: "", done: false }) };
    },
    async saveFanOutProgress(scope, changeId, next) {
      progress.set(k(scope.tenantId, changeId), { ...next });
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
    async historyOf(scope, threadId) {
      return [...history.values()]
        .filter((h) => h.tenantId === scope.tenantId && h.threadId === threadId)
        .sort((a, b) => a.atMs - b.atMs || (a.changeId < b.changeId ? -1 : 1))
        .map((h) => ({ ...h }));
    },
  };
}
