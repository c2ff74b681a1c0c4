// MongoDB adapter of the ConversationStore (mongoose): the only code that writes `threads`,
// `messages` and `thread_aliases`. Writes are batch inserts that ignore duplicates, `$max`
// touches and conditional updates, so they are idempotent and order-tolerant without
// transactions, which FerretDB v1 lacks and which we do not need on MongoDB either. This file
// holds the reads; the batch path, identity links and deletions have a file each.
import { decodeCursor, encodeCursor, type TenantScope, traceDb } from "@switchboard/kit";
import type { Connection, QueryFilter } from "mongoose";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { ConversationStore, ThreadOfNumber } from "./conversation-store.ts";
import { messageDocId, threadDocId } from "./document-ids.ts";
import { mongoMessageBatch } from "./mongo-message-batch.ts";
import { mongoMessageErasure } from "./mongo-message-erasure.ts";
import { conversationModels } from "./mongo-models.ts";
import type { Keyed } from "./mongo-shared-schemas.ts";
import { mongoThreadLinks } from "./mongo-thread-links.ts";
import { threadQueryFilter } from "./mongo-thread-query.ts";

const noId = { _id: 0 } as const;
const THREAD_OF_NUMBER_FIELDS = {
  _id: 0,
  threadId: 1,
  businessId: 1,
  phoneNumberId: 1,
  customerId: 1,
  customerWaId: 1,
  createdAtMs: 1,
};

export async function createMongoConversationStore(connection: Connection): Promise<ConversationStore> {
  const models = conversationModels(connection);
  const { threads, messages } = models;
  await Promise.all([threads.createIndexes(), messages.createIndexes(), models.threadAliases.createIndexes()]);
  const links = mongoThreadLinks(models);

  const businessFilter = (scope: TenantScope) => (scope.businessId ? { businessId: scope.businessId } : {});

  return {
    ...mongoMessageBatch(models),
    ...mongoMessageErasure(models),
    ...links,

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

    async getMessage(scope, messageId) {
      const found = await traceDb("messages", "findOne", () =>
        messages
          .findOne({ _id: messageDocId(scope.tenantId, messageId), tenantId: scope.tenantId, messageId }, noId)
          .lean<MessageRecord>(),
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
            } as QueryFilter<Keyed<ThreadRecord>>,
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
            } as QueryFilter<Keyed<MessageRecord>>,
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

    async threadsOfNumber(scope, query) {
      return traceDb("threads", "find", () =>
        threads
          .find(
            {
              tenantId: scope.tenantId,
              ...businessFilter(scope),
              phoneNumberId: query.phoneNumberId,
              // A thread merged into another by an identity change is notified through that one.
              mergedIntoThreadId: { $exists: false },
              ...(query.afterThreadId ? { threadId: { $gt: query.afterThreadId } } : {}),
            } as QueryFilter<Keyed<ThreadRecord>>,
            THREAD_OF_NUMBER_FIELDS,
          )
          .sort({ threadId: 1 })
          .limit(query.limit)
          .lean<ThreadOfNumber[]>(),
      );
    },
  };
}
