// MongoDB adapter of the ConversationStore (mongoose). Writes are single-document upserts with
// $setOnInsert / $max, so they are idempotent and order-tolerant without transactions, which
// FerretDB v1 lacks and which we do not need on MongoDB either.
import { decodeCursor, encodeCursor, type TenantScope, traceDb } from "@switchboard/kit";
import type { Connection, QueryFilter } from "mongoose";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { ConversationStore } from "./conversation-store.ts";
import { messageDocId, threadDocId } from "./document-ids.ts";
import { mongoMessageBatch } from "./mongo-message-batch.ts";
import { mongoMessageStatus } from "./mongo-message-status.ts";
import { conversationModels } from "./mongo-models.ts";
import { mongoThreadLinks } from "./mongo-thread-links.ts";
import { threadQueryFilter } from "./mongo-thread-query.ts";

const noId = { _id: 0 } as const;

export async function createMongoConversationStore(connection: Connection): Promise<ConversationStore> {
  const models = conversationModels(connection);
  const { threads, messages } = models;
  await Promise.all([threads.createIndexes(), messages.createIndexes(), models.threadAliases.createIndexes()]);
  const links = mongoThreadLinks(models);

  const businessFilter = (scope: TenantScope) => (scope.businessId ? { businessId: scope.businessId } : {});

  return {
    ...mongoMessageStatus(models),
    ...mongoMessageBatch(models),
    resolveThreadId: links.resolveThreadId,
    relinkThread: links.relinkThread,

    async recordMessage(scope, thread, message) {
      const at = message.createdAtMs;
      await traceDb("threads", "upsert", () =>
        threads.updateOne(
          { _id: threadDocId(scope.tenantId, thread.threadId), tenantId: scope.tenantId, threadId: thread.threadId },
          {
            $setOnInsert: {
              tenantId: scope.tenantId,
              businessId: thread.businessId,
              phoneNumberId: thread.phoneNumberId,
              customerId: thread.customerId,
              customerWaId: thread.customerWaId,
              hosting: thread.hosting,
              createdAtMs: at,
            },
            $max: { updatedAtMs: at, lastInboundAtMs: message.direction === "inbound" ? at : 0 },
          },
          { upsert: true },
        ),
      );
      const result = await traceDb("messages", "upsert", () =>
        messages.updateOne(
          {
            _id: messageDocId(scope.tenantId, message.messageId),
            tenantId: scope.tenantId,
            messageId: message.messageId,
          },
          { $setOnInsert: { ...message, tenantId: scope.tenantId } },
          { upsert: true },
        ),
      );
      return { created: result.upsertedCount === 1 };
    },

    async getThread(scope, threadId) {
      // An id merged away by an identity change reads as the thread it was merged into.
      const canonical = await links.resolveThreadId(scope, threadId);
      const found = await traceDb("threads", "findOne", () =>
        threads
          .findOne(
            {
              _id: threadDocId(scope.tenantId, canonical),
              tenantId: scope.tenantId,
              threadId: canonical,
              mergedIntoThreadId: { $exists: false },
              ...businessFilter(scope),
            },
            noId,
          )
          .lean<ThreadRecord>(),
      );
      return found ?? undefined;
    },

    async listThreads(scope, query) {
      const after = decodeCursor(query.cursor, ["string"]);
      const items = await traceDb("threads", "find", () =>
        threads
          .find(
            {
              tenantId: scope.tenantId,
              ...businessFilter(scope),
              ...threadQueryFilter(query),
              ...(after ? { threadId: { $gt: after[0] } } : {}),
            } as QueryFilter<ThreadRecord & { _id: string }>,
            noId,
          )
          .sort({ threadId: 1 })
          .limit(query.limit)
          .lean<ThreadRecord[]>(),
      );
      const last = items.length === query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.threadId]) : "" };
    },

    async listMessages(scope, query) {
      const after = decodeCursor(query.cursor, ["number", "string"]);
      // Messages stored under an alias (before or while an identity change was applied) belong here.
      const threadIds = [query.threadId, ...(await links.aliasesOf(scope, query.threadId))];
      const found = await traceDb("messages", "find", () =>
        messages
          .find(
            {
              tenantId: scope.tenantId,
              threadId: { $in: threadIds },
              ...(after
                ? {
                    $or: [{ createdAtMs: { $gt: after[0] } }, { createdAtMs: after[0], messageId: { $gt: after[1] } }],
                  }
                : {}),
            } as QueryFilter<MessageRecord & { _id: string }>,
            noId,
          )
          .sort({ createdAtMs: 1, messageId: 1 })
          .limit(query.limit)
          .lean<MessageRecord[]>(),
      );
      const items = found.map((m) => ({ ...m, threadId: query.threadId }));
      const last = items.length === query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.createdAtMs, last.messageId]) : "" };
    },
  };
}
