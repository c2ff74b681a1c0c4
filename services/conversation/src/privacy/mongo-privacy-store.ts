// MongoDB adapter of the PrivacyStore: the only code that writes `marketing_preferences`,
// `tenant_privacy_policies`, `erasure_tombstones` and `retention_runs`. Point writes are
// single-document upserts by `_id` (idempotent, no transactions).
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import type { Connection } from "mongoose";
import {
  policyDocId,
  preferenceDocId,
  privacyModels,
  retentionRunDocId,
  tombstoneDocId,
} from "./mongo-privacy-models.ts";
import type { MarketingPreferenceRecord, TenantPolicyRecord, TombstoneRecord } from "./privacy-records.ts";
import type { PrivacyStore } from "./privacy-store.ts";

const noId = { _id: 0 } as const;

export async function createMongoPrivacyStore(connection: Connection): Promise<PrivacyStore> {
  const { preferences, policies, tombstones, retentionRuns } = privacyModels(connection);
  await policies.createIndexes();

  return {
    async setMarketing(scope, change) {
      const _id = preferenceDocId(scope.tenantId, change.threadId);
      try {
        // Only an older (or no) stored change is replaced; a newer one makes the upsert collide.
        await traceDb("marketing_preferences", "upsert", () =>
          preferences.updateOne(
            { _id, changedAtMs: { $lt: change.changedAtMs } },
            { $set: { ...change, tenantId: scope.tenantId } },
            { upsert: true },
          ),
        );
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const stored = await preferences.findOne({ _id }, noId).lean<MarketingPreferenceRecord>();
      if (!stored) throw new Error("marketing preference vanished after it was written");
      return stored;
    },
    async getMarketing(scope, threadId) {
      const found = await traceDb("marketing_preferences", "findOne", () =>
        preferences.findOne({ _id: preferenceDocId(scope.tenantId, threadId) }, noId).lean<MarketingPreferenceRecord>(),
      );
      return found ?? undefined;
    },
    async getPolicy(scope) {
      const found = await traceDb("tenant_privacy_policies", "findOne", () =>
        policies.findOne({ _id: policyDocId(scope.tenantId) }, noId).lean<TenantPolicyRecord>(),
      );
      return found ?? { tenantId: scope.tenantId, retentionDays: 0, marketingTemplates: [] };
    },
    async setRetentionDays(scope, days) {
      await traceDb("tenant_privacy_policies", "upsert", () =>
        policies.updateOne(
          { _id: policyDocId(scope.tenantId) },
          { $set: { tenantId: scope.tenantId, retentionDays: days } },
          { upsert: true },
        ),
      );
    },
    async setMarketingTemplates(scope, names) {
      await traceDb("tenant_privacy_policies", "upsert", () =>
        policies.updateOne(
          { _id: policyDocId(scope.tenantId) },
          { $set: { tenantId: scope.tenantId, marketingTemplates: [...names] } },
          { upsert: true },
        ),
      );
    },
    async tenantsWithRetention() {
      // One small document per tenant: the scan is bounded by the number of tenants.
      const found = await policies
        .find({ retentionDays: { $gt: 0 } }, { _id: 0, tenantId: 1, retentionDays: 1 })
        .lean<{ tenantId: string; retentionDays: number }[]>();
      return found;
    },
    async recordRetentionRun(scope, atMs, deleted) {
      await retentionRuns.updateOne(
        { _id: retentionRunDocId(scope.tenantId) },
        {
          $set: { tenantId: scope.tenantId, lastRunAtMs: atMs, lastDeleted: deleted },
          $inc: { totalDeleted: deleted },
        },
        { upsert: true },
      );
    },
    async getRetentionRun(scope) {
      return (await retentionRuns.findOne({ _id: retentionRunDocId(scope.tenantId) }, noId).lean()) ?? undefined;
    },
    async beginErasure(scope, tombstone) {
      const _id = tombstoneDocId(scope.tenantId, tombstone.threadId);
      await traceDb("erasure_tombstones", "upsert", () =>
        tombstones.updateOne({ _id }, { $setOnInsert: { ...tombstone, tenantId: scope.tenantId } }, { upsert: true }),
      );
      const stored = await tombstones.findOne({ _id }, noId).lean<TombstoneRecord>();
      if (!stored) throw new Error("tombstone vanished after it was written");
      return stored;
    },
    async getTombstone(scope, threadId) {
      const found = await tombstones
        .findOne({ _id: tombstoneDocId(scope.tenantId, threadId) }, noId)
        .lean<TombstoneRecord>();
      return found ?? undefined;
    },
    async completeErasure(scope, threadId, completedAtMs) {
      await tombstones.updateOne(
        { _id: tombstoneDocId(scope.tenantId, threadId), completedAtMs: 0 },
        { $set: { completedAtMs } },
      );
    },
    async markErasurePublished(scope, threadId) {
      await tombstones.updateOne({ _id: tombstoneDocId(scope.tenantId, threadId) }, { $set: { published: true } });
    },
  };
}
