// In-memory adapter of the PrivacyStore port, for unit tests: the Mongo adapter's semantics
// (tenant in every key, newest preference wins, first tombstone wins) on plain maps. It holds
// privacy data only: the messages an erasure or retention deletes are the conversation store's.
// The store contract (privacy-store-contract.ts) holds both adapters to the same behaviour.
import type {
  MarketingPreferenceRecord,
  RetentionRunRecord,
  TenantPolicyRecord,
  TombstoneRecord,
} from "../../src/privacy/privacy-records.ts";
import type { PrivacyStore } from "../../src/privacy/privacy-store.ts";

export function createInMemoryPrivacyStore(): PrivacyStore {
  const k = (tenantId: string, id: string) => `${tenantId}|${id}`;
  const preferences = new Map<string, MarketingPreferenceRecord>();
  const policies = new Map<string, TenantPolicyRecord>();
  const tombstones = new Map<string, TombstoneRecord>();
  const runs = new Map<string, RetentionRunRecord>();
  const policyOf = (tenantId: string): TenantPolicyRecord =>
    policies.get(tenantId) ?? { tenantId, retentionDays: 0, marketingTemplates: [] };

  return {
    async setMarketing(scope, change) {
      const key = k(scope.tenantId, change.threadId);
      const stored = preferences.get(key);
      const next =
        !stored || stored.changedAtMs < change.changedAtMs ? { ...change, tenantId: scope.tenantId } : stored;
      preferences.set(key, next);
      return { ...next };
    },
    async getMarketing(scope, threadId) {
      const found = preferences.get(k(scope.tenantId, threadId));
      return found ? { ...found } : undefined;
    },
    async getPolicy(scope) {
      const policy = policyOf(scope.tenantId);
      return { ...policy, marketingTemplates: [...policy.marketingTemplates] };
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
      const found = runs.get(scope.tenantId);
      return found ? { ...found } : undefined;
    },
    async beginErasure(scope, tombstone) {
      const key = k(scope.tenantId, tombstone.threadId);
      const stored = tombstones.get(key) ?? {
        ...tombstone,
        threadIds: [...tombstone.threadIds],
        tenantId: scope.tenantId,
      };
      tombstones.set(key, stored);
      return { ...stored, threadIds: [...stored.threadIds] };
    },
    async getTombstone(scope, threadId) {
      const found = tombstones.get(k(scope.tenantId, threadId));
      return found ? { ...found, threadIds: [...found.threadIds] } : undefined;
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
}
