// MongoDB adapter of the VolumeStore (mongoose). Works on FerretDB v1: single-document inserts and
// upserts, countDocuments, no transactions and no aggregation beyond what every backend has.
import { type TenantScope, traceDb } from "@switchboard/kit";
import type { Connection, QueryFilter } from "mongoose";
import type { BucketKey, VolumeRollup } from "../domain/volume.ts";
import { type VolumeRollupDoc, volumeModels } from "./mongo-models.ts";
import type { VolumeStore } from "./volume-store.ts";

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === DUPLICATE_KEY;

const bucketFilter = (scope: TenantScope, key: BucketKey) => ({
  tenantId: scope.tenantId,
  phoneNumberId: key.phoneNumberId,
  direction: key.direction,
  bucketStartMs: key.bucketStartMs,
});

export async function createMongoVolumeStore(connection: Connection): Promise<VolumeStore> {
  const { events, rollups } = volumeModels(connection);
  await Promise.all([events.createIndexes(), rollups.createIndexes()]);

  const upsertMax = (scope: TenantScope, key: BucketKey, count: number) =>
    traceDb("volume_rollups", "findOneAndUpdate", () =>
      rollups
        .findOneAndUpdate(
          bucketFilter(scope, key),
          { $setOnInsert: { businessId: scope.businessId }, $max: { count } },
          // No projection: FerretDB v1's findAndModify does not implement `fields`.
          { upsert: true, returnDocument: "after" },
        )
        .lean<VolumeRollupDoc>(),
    );

  return {
    async recordEvent(scope, event) {
      try {
        await traceDb("volume_events", "insert", () =>
          events.create({ ...event, tenantId: scope.tenantId, businessId: scope.businessId }),
        );
        return { inserted: true };
      } catch (error) {
        if (isDuplicateKey(error)) return { inserted: false };
        throw error;
      }
    },

    countBucket(scope, key) {
      return traceDb("volume_events", "countDocuments", () => events.countDocuments(bucketFilter(scope, key)));
    },

    async raiseRollup(scope, key, count) {
      let stored: { count: number } | null;
      try {
        stored = await upsertMax(scope, key, count);
      } catch (error) {
        // Two first upserts of one bucket can race on the unique index; the loser's retry
        // finds the winner's document and updates it.
        if (!isDuplicateKey(error)) throw error;
        stored = await upsertMax(scope, key, count);
      }
      if (!stored) throw new Error("rollup upsert returned no document");
      return stored.count;
    },

    async listRollups(scope, query) {
      const filter = {
        tenantId: scope.tenantId,
        ...(scope.businessId ? { businessId: scope.businessId } : {}),
        ...(query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}),
        bucketStartMs: { $gte: query.fromMs, $lt: query.toMs },
      } as QueryFilter<VolumeRollupDoc>;
      return traceDb("volume_rollups", "find", () =>
        rollups
          .find(filter, { _id: 0, phoneNumberId: 1, direction: 1, bucketStartMs: 1, count: 1 })
          .sort({ bucketStartMs: 1, phoneNumberId: 1, direction: 1 })
          .lean<VolumeRollup[]>(),
      );
    },
  };
}
