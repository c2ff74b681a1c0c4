// In-memory adapter of the PrivacyStore for unit tests: the Mongo adapter's semantics (tenant in
// every key, newest preference wins, first tombstone wins, bounded deletions) on plain maps. It
// keeps its own minimal message index, seeded by tests. Never used by the running service.
import type { TenantScope } from "@switchboard/kit";
import type {
  MarketingPreferenceRecord,
  RetentionRunRecord,
  TenantPolicyRecord,
  TombstoneRecord,
} from "./privacy-records.ts";
import type { PrivacyStore } from "./privacy-store.ts";

export interface IndexedMessage {
  tenantId: string;
  threadId: string;
  messageId: string;
  createdAtMs: number;
}

export function createInMemoryPrivacyStore() {
  const k = (tenantId: string, id: string) => `${tenantId}|${id}`;
  const preferences = new Map<string, MarketingPreferenceRecord>();
  const policies = new Map<string, TenantPolicyRecord>();
  const tombstones = new Map<string, TombstoneRecord>();
  const runs = new Map<string, RetentionRunRecord>();
  const messages = new Map<string, IndexedMessage>();
  const threads = new Set<string>();
  const policyOf = (tenantId: string) =>
    policies.get(tenantId) ?? { tenantId, retentionDays: 0, marketingTemplates: [] };
  const take = (filter: (m: IndexedMessage) => boolean, limit: number) => {
    const batch = [...messages.entries()].filter(([, m]) => filter(m)).slice(0, limit);
    for (const [key] of batch) messages.delete(key);
    return batch.length;
  };

  const store: PrivacyStore = {
    async setMarketing(scope, change) {
      const key = k(scope.tenantId, change.threadId);
      const stored = preferences.get(key);
      if (!stored || stored.changedAtMs < change.changedAtMs) {
        preferences.set(key, { ...change, tenantId: scope.tenantId });
      }
      return { ...(preferences.get(key) as MarketingPreferenceRecord) };
    },
    async getMarketing(scope, threadId) {
      const found = preferences.get(k(scope.tenantId, threadId));
      return found ? { ...found } : undefined;
    },
    async getPolicy(scope) {
      return { ...policyOf(scope.tenantId) };
    },
    async setRetentionDays(scope, days) {
      policies.set(scope.tenantId, { ...policyOf(scope.tenantId), retentionDays: days });
    },
    async setMarketingTemplates(scope, names) {
      policies.set(scope.tenantId, { ...policyOf(scope.tenantId), marketingTemplates: [...names] });
    },
    async tenantsWithRetention() {
      return [...policies.values()]
        .filter((p) => p.retentionDays > 0)
        .map(({ tenantId, retentionDays }) => ({ tenantId, retentionDays }));
    },
    async aliasesOf() {
      return [];
    },
    async countMessages(scope, threadIds) {
      return [...messages.values()].filter((m) => m.tenantId === scope.tenantId && threadIds.includes(m.threadId))
        .length;
    },
    async deleteMessageBatch(scope, threadIds, limit) {
      return take((m) => m.tenantId === scope.tenantId && threadIds.includes(m.threadId), limit);
    },
    async deleteThreads(scope, threadIds) {
      for (const id of threadIds) threads.delete(k(scope.tenantId, id));
    },
    async deleteMessagesBefore(scope, cutoffMs, limit) {
      return take((m) => m.tenantId === scope.tenantId && m.createdAtMs < cutoffMs, limit);
    },
    async recordRetentionRun(scope, atMs, deleted) {
      const previous = runs.get(scope.tenantId);
      runs.set(scope.tenantId, {
        tenantId: scope.tenantId,
        lastRunAtMs: atMs,
        lastDeleted: deleted,
        totalDeleted: (previous?.totalDeleted ?? 0) + deleted,
      });
    },
    async getRetentionRun(scope) {
      return runs.get(scope.tenantId);
    },
    async beginErasure(scope, tombstone) {
      const key = k(scope.tenantId, tombstone.threadId);
      if (!tombstones.has(key)) tombstones.set(key, { ...tombstone, tenantId: scope.tenantId });
      return { ...(tombstones.get(key) as TombstoneRecord) };
    },
    async getTombstone(scope, threadId) {
      const found = tombstones.get(k(scope.tenantId, threadId));
      return found ? { ...found } : undefined;
    },
    async completeErasure(scope, threadId, completedAtMs) {
      const found = tombstones.get(k(scope.tenantId, threadId));
      if (found && found.completedAtMs === 0) found.completedAtMs = completedAtMs;
    },
    async markErasurePublished(scope, threadId) {
      const found = tombstones.get(k(scope.tenantId, threadId));
      if (found) found.published = true;
    },
  };
  return {
    store,
    /** Test seeding and inspection of the message index. */
    addMessage: (m: IndexedMessage) => messages.set(k(m.tenantId, m.messageId), m),
    addThread: (scope: TenantScope, threadId: string) => threads.add(k(scope.tenantId, threadId)),
    hasThread: (scope: TenantScope, threadId: string) => threads.has(k(scope.tenantId, threadId)),
    messages: () => [...messages.values()],
  };
}
