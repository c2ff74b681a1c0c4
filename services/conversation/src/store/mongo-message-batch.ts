// The Mongo adapter's batch operations: what the consumer reads and writes per consumed batch.
// Every read is one `_id $in` query per collection (FerretDB v1 serves only `_id` from an index),
// every write one bulk request per collection: messages insertMany, threads insertMany plus `$max`
// updates, changes as conditional updates. No call here ever addresses a single message.
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import type { mongo } from "mongoose";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { ThreadBatchStore } from "./conversation-store.ts";
import { aliasDocId, messageDocId, threadDocId } from "./document-ids.ts";
import { ConcurrentChangeError, type ThreadTouch } from "./message-batch-write.ts";
import type { conversationModels, ThreadAliasRecord } from "./mongo-models.ts";
import { withoutUndefined } from "./mongo-shared-schemas.ts";

type Models = ReturnType<typeof conversationModels>;

/** Ids per `$in` read and statements per bulk request: bounded requests, whatever the batch. */
const READ_CHUNK = 500;
const INSERT_CHUNK = 1_000;
const UPDATE_CHUNK = 50;

export function mongoMessageBatch({ threads, messages, threadAliases }: Models): ThreadBatchStore {
  const findByIds = async <T>(
    name: string,
    ids: readonly string[],
    read: (chunk: string[]) => Promise<T[]>,
  ): Promise<T[]> => {
    const found = await Promise.all(
      chunked([...new Set(ids)], READ_CHUNK).map((c) => traceDb(name, "find", () => read(c))),
    );
    return found.flat();
  };

  return {
    async resolveThreadIds({ tenantId }, threadIds) {
      const found = await findByIds("thread_aliases", threadIds, (chunk) =>
        threadAliases.find({ _id: { $in: chunk.map((id) => aliasDocId(tenantId, id)) } }).lean<ThreadAliasRecord[]>(),
      );
      const byAlias = new Map(found.filter((a) => a.tenantId === tenantId).map((a) => [a.aliasThreadId, a.threadId]));
      return new Map(threadIds.map((id) => [id, byAlias.get(id) ?? id]));
    },

    async getThreads({ tenantId }, threadIds) {
      const found = await findByIds("threads", threadIds, (chunk) =>
        threads.find({ _id: { $in: chunk.map((id) => threadDocId(tenantId, id)) } }, { _id: 0 }).lean<ThreadRecord[]>(),
      );
      // The tenant check in code: the `_id`s embed it, and a one-key filter is what FerretDB serves.
      return new Map(found.filter((t) => t.tenantId === tenantId && !t.mergedIntoThreadId).map((t) => [t.threadId, t]));
    },

    async getMessages({ tenantId }, messageIds) {
      const found = await findByIds("messages", messageIds, (chunk) =>
        messages
          .find({ _id: { $in: chunk.map((id) => messageDocId(tenantId, id)) } }, { _id: 0 })
          .lean<MessageRecord[]>(),
      );
      return new Map(found.filter((m) => m.tenantId === tenantId).map((m) => [m.messageId, m]));
    },

    async writeBatch({ tenantId }, batch) {
      // 1. Messages first: a stored outbound message carries its send decision, which is what a
      //    redelivery must find (see thread-batch-handler.ts for the whole order).
      for (const chunk of chunked(batch.messages, INSERT_CHUNK)) {
        await traceDb("messages", "insertMany", () =>
          insertIgnoringDuplicates(
            messages.collection,
            chunk.map((m) => ({ _id: messageDocId(tenantId, m.messageId), ...withoutUndefined(m), tenantId })),
          ),
        );
      }
      // 2. Threads: new ones inserted whole; existing ones (and any another consumer just created)
      //    get their times moved forward.
      const inserts = batch.threads.filter((t) => t.insert);
      const touches: ThreadTouch[] = batch.threads.filter((t) => !t.insert);
      for (const chunk of chunked(inserts, INSERT_CHUNK)) {
        const skipped = await traceDb("threads", "insertMany", () =>
          insertIgnoringDuplicates(
            threads.collection,
            chunk.map((t) => ({ _id: threadDocId(tenantId, t.threadId), ...(t.insert as ThreadRecord), tenantId })),
          ),
        );
        for (const index of skipped) {
          const touch = chunk[index];
          if (touch) touches.push(touch);
        }
      }
      for (const chunk of chunked(touches, UPDATE_CHUNK)) {
        const ops = chunk.map((t) => ({
          updateOne: {
            filter: { _id: threadDocId(tenantId, t.threadId) },
            update: { $max: { updatedAtMs: t.updatedAtMs, lastInboundAtMs: t.lastInboundAtMs } },
          },
        }));
        await traceDb("threads", "bulkWrite", () => threads.collection.bulkWrite(asBulk(ops), { ordered: false }));
      }
      // 3. Changes of stored messages, each conditional on the status this batch read.
      for (const chunk of chunked(batch.changes, UPDATE_CHUNK)) {
        const ops = chunk.map((c) => ({
          updateOne: {
            filter: { _id: messageDocId(tenantId, c.messageId), status: c.expectedStatus },
            update: { $set: withoutUndefined(c.set) },
          },
        }));
        const result = await traceDb("messages", "bulkWrite", () =>
          messages.collection.bulkWrite(asBulk(ops), { ordered: false }),
        );
        if (result.matchedCount < chunk.length) {
          throw new ConcurrentChangeError(`${chunk.length - result.matchedCount} message(s) changed concurrently`);
        }
      }
    },
  };
}

/** String `_id`s, which the driver's default document type (ObjectId ids) does not admit. */
function asBulk(ops: readonly { updateOne: { filter: object; update: object } }[]): mongo.AnyBulkWriteOperation[] {
  return ops as unknown as mongo.AnyBulkWriteOperation[];
}
