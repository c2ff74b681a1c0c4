// MongoDB adapter of the VolumeStore (raw driver collections of one mongoose connection). Works
// on FerretDB v1: every batch read is one `_id $in` find per chunk of ids (tenants are checked in
// code on what comes back), every batch write one bulk request per chunk, updates filtered by
// `_id` only. Never a transaction, never a per-fact call. The query path (`listParts`) reads by
// `_id` too: a directory document per (tenant, UTC hour, topic-partition) lists its parts, written
// before the parts themselves, so a part is never stored without being listed (a listed part
// that a crash left unwritten is simply absent when read). A range filter on FerretDB v1 scans
// the whole collection (seconds at 50,000 parts), `_id $in` does not.
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import type { Connection, mongo } from "mongoose";
import { type PartDelta, type PartRef, partIdOf } from "../domain/fact.ts";
import {
  CURSORS,
  type CursorDoc,
  DIRECTORY,
  type DirectoryDoc,
  directoryIdOf,
  FACTS,
  type FactDoc,
  factDocOf,
  factOf,
  HOUR_MS,
  offsetNumber,
  PARTS,
  type PartDoc,
  partOf,
  THREADS,
  type ThreadDoc,
  threadDocOf,
  threadOf,
} from "./mongo-volume-docs.ts";
import type { OwnedRef, VolumeStore } from "./volume-store.ts";

/** Ids per `$in` read and documents per insert: bounded requests, whatever the batch. */
const READ_CHUNK = 500;
const INSERT_CHUNK = 1_000;
// FerretDB v1 holds a pooled connection per matched update statement until the whole command
// ends (patched in our dev stack, not upstream): 100 statements exhaust its pool. Stay far below.
const UPDATE_CHUNK = 50;

export interface MongoVolumeStoreOptions {
  /** The counted topics and their partition count: where range queries look for directories. */
  topics: readonly string[];
  partitions: number;
}

export async function createMongoVolumeStore(
  connection: Connection,
  options: MongoVolumeStoreOptions,
): Promise<VolumeStore> {
  const db = connection.db;
  if (!db) throw new Error("mongo connection is not open");
  const facts = db.collection<FactDoc>(FACTS);
  const parts = db.collection<PartDoc>(PARTS);
  const threads = db.collection<ThreadDoc>(THREADS);
  const cursors = db.collection<CursorDoc>(CURSORS);
  const directory = db.collection<DirectoryDoc>(DIRECTORY);

  async function byIds<T extends { _id: string }>(
    collection: mongo.Collection<T>,
    ids: readonly string[],
  ): Promise<T[]> {
    const chunks = chunked([...new Set(ids)], READ_CHUNK);
    const found = await Promise.all(
      chunks.map((chunk) =>
        traceDb(collection.collectionName, "find", () =>
          collection.find({ _id: { $in: chunk } } as mongo.Filter<T>).toArray(),
        ),
      ),
    );
    return found.flat() as T[];
  }

  const owned = <T extends { _id: string; tenantId: string }>(docs: readonly T[], refs: readonly OwnedRef[]) => {
    const tenantOf = new Map(refs.map((ref) => [ref.id, ref.tenantId]));
    return docs.filter((doc) => tenantOf.get(doc._id) === doc.tenantId);
  };

  async function insertParts(created: readonly PartDelta[]): Promise<void> {
    for (const chunk of chunked(created, INSERT_CHUNK)) {
      const docs = chunk.map(({ measures, appliedOffset, created: _, ...ref }) => ({
        _id: partIdOf(ref),
        ...partIdentityOf(ref),
        m: measures,
        appliedOffset: offsetNumber(appliedOffset),
      }));
      const duplicates = await traceDb(PARTS, "insertMany", () =>
        insertIgnoringDuplicates(parts as unknown as mongo.Collection, docs),
      );
      // Another writer created a part this batch read as absent (only during a rebalance): the
      // batch is retried, and the retry reads the part and grows it.
      if (duplicates.size > 0) throw new Error(`${duplicates.size} part(s) created by another writer meanwhile`);
    }
  }

  async function growParts(grown: readonly PartDelta[]): Promise<void> {
    for (const chunk of chunked(grown, UPDATE_CHUNK)) {
      const ops = chunk.map(({ measures, appliedOffset, created: _, ...ref }) => ({
        updateOne: {
          filter: { _id: partIdOf(ref) },
          update: {
            $inc: Object.fromEntries(Object.entries(measures).map(([name, value]) => [`m.${name}`, value])),
            $max: { appliedOffset: offsetNumber(appliedOffset) },
            // A part read moments ago is there; should it be gone (deleted by hand), it is made again.
            $setOnInsert: partIdentityOf(ref),
          },
          upsert: true,
        },
      }));
      const result = await traceDb(PARTS, "bulkWrite", () =>
        parts.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation<PartDoc>[], { ordered: false }),
      );
      if (result.matchedCount + result.upsertedCount < chunk.length) {
        throw new Error(`${chunk.length - result.matchedCount - result.upsertedCount} part write(s) lost`);
      }
    }
  }

  return {
    async recordFacts(batch) {
      // Repeats within the batch are skipped here rather than left to the server's insert order.
      const skipped = new Set<number>();
      const firsts = new Map<string, number>();
      batch.forEach((fact, index) => {
        if (firsts.has(fact.id)) skipped.add(index);
        else firsts.set(fact.id, index);
      });
      const toInsert = [...firsts.values()];
      await Promise.all(
        chunked(toInsert, INSERT_CHUNK).map(async (chunk) => {
          const docs = chunk.map((index) => factDocOf(batch[index] as (typeof batch)[number]));
          const duplicates = await traceDb(FACTS, "insertMany", () =>
            insertIgnoringDuplicates(facts as unknown as mongo.Collection, docs),
          );
          for (const position of duplicates) skipped.add(chunk[position] as number);
        }),
      );
      return skipped;
    },

    async readFacts(refs) {
      const found = owned(
        await byIds(
          facts,
          refs.map((r) => r.id),
        ),
        refs,
      );
      return new Map(found.map((doc) => [doc._id, factOf(doc)]));
    },

    async readParts(refs) {
      const ids = refs.map(partIdOf);
      const tenants = refs.map((r) => ({ id: partIdOf(r), tenantId: r.key.tenantId }));
      return owned(await byIds(parts, ids), tenants).map(partOf);
    },

    async applyDeltas(deltas) {
      const listed = new Map<string, { tenantId: string; ids: Set<string> }>();
      for (const delta of deltas) {
        const hour = Math.floor(delta.key.bucketStartMs / HOUR_MS) * HOUR_MS;
        const id = directoryIdOf(delta.key.tenantId, hour, delta.topic, delta.partition);
        const entry = listed.get(id) ?? { tenantId: delta.key.tenantId, ids: new Set<string>() };
        entry.ids.add(partIdOf(delta));
        listed.set(id, entry);
      }
      for (const chunk of chunked([...listed], UPDATE_CHUNK)) {
        const ops = chunk.map(([_id, { tenantId, ids }]) => ({
          updateOne: {
            filter: { _id },
            update: { $addToSet: { parts: { $each: [...ids] } }, $setOnInsert: { tenantId } },
            upsert: true,
          },
        }));
        await traceDb(DIRECTORY, "bulkWrite", () =>
          directory.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation<DirectoryDoc>[], { ordered: false }),
        );
      }
      // New parts are inserted (one insert request per chunk, duplicates reported), grown ones
      // updated (one unordered bulkWrite per chunk); the two touch different parts.
      const created = deltas.filter((delta) => delta.created);
      const grown = deltas.filter((delta) => !delta.created);
      await Promise.all([insertParts(created), growParts(grown)]);
    },

    async readThreads(refs) {
      const found = owned(
        await byIds(
          threads,
          refs.map((r) => r.id),
        ),
        refs,
      );
      return new Map(found.map((doc) => [doc._id, threadOf(doc)]));
    },

    async writeThreads(states) {
      for (const chunk of chunked(states, UPDATE_CHUNK)) {
        const ops = chunk.map((state) => {
          const doc = threadDocOf(state);
          return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
        });
        await traceDb(THREADS, "bulkWrite", () =>
          threads.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation<ThreadDoc>[], { ordered: false }),
        );
      }
    },

    async readCursors(ids) {
      const found = await byIds(cursors, ids);
      return new Map(found.map(({ _id, watermarkMs, open }) => [_id, { id: _id, watermarkMs, open }]));
    },

    async writeCursors(written) {
      if (written.length === 0) return;
      const ops = written.map(({ id, watermarkMs, open }) => ({
        replaceOne: { filter: { _id: id }, replacement: { _id: id, watermarkMs, open }, upsert: true },
      }));
      await traceDb(CURSORS, "bulkWrite", () =>
        cursors.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation<CursorDoc>[], { ordered: false }),
      );
    },

    async listParts(scope, range) {
      const hours: string[] = [];
      for (let h = Math.floor(range.fromMs / HOUR_MS) * HOUR_MS; h < range.toMs; h += HOUR_MS) {
        for (const topic of options.topics) {
          for (let p = 0; p < options.partitions; p++) hours.push(directoryIdOf(scope.tenantId, h, topic, p));
        }
      }
      const lists = await byIds(directory, hours);
      const ids = lists.filter((doc) => doc.tenantId === scope.tenantId).flatMap((doc) => doc.parts);
      const found = await byIds(parts, ids);
      // Ids embed the tenant, and the tenant is checked again on every part read.
      return found
        .filter(
          ({ key }) =>
            key.tenantId === scope.tenantId &&
            (!scope.businessId || key.businessId === scope.businessId) &&
            key.bucketStartMs >= range.fromMs &&
            key.bucketStartMs < range.toMs,
        )
        .map(partOf);
    },
  };
}

/** What a part document holds besides its id and counts (never changed once written). */
function partIdentityOf(ref: PartRef): Omit<PartDoc, "_id" | "m" | "appliedOffset"> {
  const { key, topic, partition } = ref;
  return { tenantId: key.tenantId, bucketStartMs: key.bucketStartMs, key, topic, partition };
}
