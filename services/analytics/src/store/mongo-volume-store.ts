// MongoDB adapter of the VolumeStore (mongoose models, raw driver calls for the bulk paths). Works
// on FerretDB v1: every batch read is one `_id $in` find per chunk of ids (the only indexed
// filter there; tenants are checked in code on what comes back), every batch write one bulk
// request per chunk, updates filtered by `_id` only. Never a transaction, never a per-message call.
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import type { Connection, mongo, QueryFilter } from "mongoose";
import { type CountedEvent, type Delivery, volumeEventIdOf } from "../domain/counted-event.ts";
import { type RollupPart, rollupPartIdOf, sumRollupParts } from "../domain/rollup-parts.ts";
import { type CountedEventDoc, type RollupPartDoc, volumeModels } from "./mongo-models.ts";
import type { VolumeStore } from "./volume-store.ts";

/** Ids per `$in` read and documents per insert: bounded requests, whatever the batch. */
const READ_CHUNK = 500;
const INSERT_CHUNK = 1_000;
// FerretDB v1 holds a pooled connection per matched update statement until the whole command
// ends (patched in our dev stack, not upstream): 100 statements exhaust its pool. Stay far below.
const UPDATE_CHUNK = 50;

export async function createMongoVolumeStore(connection: Connection): Promise<VolumeStore> {
  const { events, parts } = volumeModels(connection);
  await Promise.all([events.createIndexes(), parts.createIndexes()]);

  const findByIds = async <T>(name: string, ids: readonly string[], read: (chunk: string[]) => Promise<T[]>) => {
    const chunks = chunked([...new Set(ids)], READ_CHUNK);
    const found = await Promise.all(chunks.map((chunk) => traceDb(name, "find", () => read(chunk))));
    return found.flat();
  };

  return {
    async recordEvents(batch) {
      // Repeats within the batch are skipped here rather than left to the server's insert order.
      const skipped = new Set<number>();
      const firsts = new Map<string, number>();
      batch.forEach((event, index) => {
        const id = volumeEventIdOf(event);
        if (firsts.has(id)) skipped.add(index);
        else firsts.set(id, index);
      });
      const toInsert = [...firsts].map(([_id, index]) => ({ _id, index }));
      for (const chunk of chunked(toInsert, INSERT_CHUNK)) {
        const docs = chunk.map(({ _id, index }) => docOf(_id, batch[index]));
        const duplicates = await traceDb("counted_events", "insertMany", () =>
          insertIgnoringDuplicates(events.collection, docs),
        );
        for (const position of duplicates) {
          const entry = chunk[position];
          if (entry) skipped.add(entry.index);
        }
      }
      return skipped;
    },

    async readDeliveries(refs) {
      const tenantOf = new Map(refs.map((ref) => [volumeEventIdOf(ref), ref.tenantId]));
      const found = await findByIds("counted_events", [...tenantOf.keys()], (chunk) =>
        events
          .find({ _id: { $in: chunk } }, { _id: 1, tenantId: 1, topic: 1, partition: 1, offset: 1 })
          .lean<Pick<CountedEventDoc, "_id" | "tenantId" | "topic" | "partition" | "offset">[]>(),
      );
      const deliveries = new Map<string, Delivery>();
      for (const doc of found) {
        if (tenantOf.get(doc._id) !== doc.tenantId) continue;
        deliveries.set(doc._id, { topic: doc.topic, partition: doc.partition, offset: doc.offset });
      }
      return deliveries;
    },

    async readRollupParts(refs) {
      const tenantOf = new Map(refs.map((ref) => [rollupPartIdOf(ref), ref.tenantId]));
      const found = await findByIds("volume_rollup_parts", [...tenantOf.keys()], (chunk) =>
        parts.find({ _id: { $in: chunk } }).lean<RollupPartDoc[]>(),
      );
      return found.filter((doc) => tenantOf.get(doc._id) === doc.tenantId).map(partOf);
    },

    async applyDeltas(deltas) {
      for (const chunk of chunked(deltas, UPDATE_CHUNK)) {
        const ops = chunk.map(({ delta, appliedOffset, businessId, ...ref }) => ({
          updateOne: {
            filter: { _id: rollupPartIdOf(ref) },
            update: {
              $inc: { count: delta },
              $max: { appliedOffset: offsetNumber(appliedOffset) },
              $setOnInsert: { ...ref, businessId },
            },
            upsert: true,
          },
        }));
        // A second consumer creating the same part at the same time (only during a rebalance)
        // fails one upsert with a duplicate key: the error propagates and the batch is retried.
        const result = await traceDb("volume_rollup_parts", "bulkWrite", () =>
          parts.collection.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation[], { ordered: false }),
        );
        if (result.matchedCount + result.upsertedCount < chunk.length) {
          throw new Error(`${chunk.length - result.matchedCount - result.upsertedCount} rollup part write(s) lost`);
        }
      }
    },

    async listRollups(scope, query) {
      const filter = {
        tenantId: scope.tenantId,
        ...(scope.businessId ? { businessId: scope.businessId } : {}),
        ...(query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}),
        bucketStartMs: { $gte: query.fromMs, $lt: query.toMs },
      } as QueryFilter<RollupPartDoc>;
      const found = await traceDb("volume_rollup_parts", "find", () => parts.find(filter).lean<RollupPartDoc[]>());
      // The filter already names the tenant; checking again costs nothing and survives a bad filter.
      const visible = found.filter((doc) => doc.tenantId === scope.tenantId).map(partOf);
      return sumRollupParts(visible).map(({ tenantId: _, ...rollup }) => rollup);
    },
  };
}

function docOf(_id: string, event: CountedEvent | undefined): CountedEventDoc {
  if (!event) throw new Error("record index out of range");
  const { delivery, ...identity } = event;
  return { _id, ...identity, topic: delivery.topic, partition: delivery.partition, offset: delivery.offset };
}

function partOf({ _id, appliedOffset, ...doc }: RollupPartDoc): RollupPart {
  return { ...doc, appliedOffset: String(appliedOffset) };
}

function offsetNumber(offset: string): number {
  const value = Number(offset);
  // Past 2^53 a number can no longer hold every offset exactly, and $max would compare wrongly.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`offset ${offset} is not a safe integer`);
  return value;
}
