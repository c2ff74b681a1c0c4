// The Mongo adapter's deletions, for erasure and retention: a deletion reads one bounded batch of
// `_id`s and deletes exactly those, so a batch never grows with the collection and a crash
// between batches leaves a state the next call simply continues from. Thread documents are
// deleted by `_id`; aliases stay (they hold no content and keep later events in the same place).
import { type TenantScope, traceDb } from "@switchboard/kit";
import type { QueryFilter } from "mongoose";
import type { MessageRecord } from "../domain/records.ts";
import type { MessageErasure } from "./conversation-store.ts";
import { threadDocId } from "./document-ids.ts";
import type { conversationModels } from "./mongo-models.ts";
import type { Keyed } from "./mongo-shared-schemas.ts";

type Models = ReturnType<typeof conversationModels>;

export function mongoMessageErasure({ threads, messages }: Models): MessageErasure {
  const ofThreads = (scope: TenantScope, threadIds: readonly string[]): QueryFilter<Keyed<MessageRecord>> => ({
    tenantId: scope.tenantId,
    threadId: { $in: [...threadIds] },
  });
  const deleteBatch = async (filter: QueryFilter<Keyed<MessageRecord>>, limit: number): Promise<number> => {
    const batch = await traceDb("messages", "find", () =>
      messages.find(filter, { _id: 1 }).limit(limit).lean<{ _id: string }[]>(),
    );
    if (batch.length === 0) return 0;
    const result = await traceDb("messages", "deleteMany", () =>
      messages.deleteMany({ _id: { $in: batch.map((m) => m._id) } }),
    );
    return result.deletedCount;
  };

  return {
    async countMessages(scope, threadIds) {
      return traceDb("messages", "countDocuments", () => messages.countDocuments(ofThreads(scope, threadIds)));
    },
    deleteThreadMessages: (scope, threadIds, limit) => deleteBatch(ofThreads(scope, threadIds), limit),
    async deleteThreads(scope, threadIds) {
      await traceDb("threads", "deleteMany", () =>
        threads.deleteMany({ _id: { $in: threadIds.map((id) => threadDocId(scope.tenantId, id)) } }),
      );
    },
    deleteMessagesBefore: (scope, cutoffMs, limit) =>
      deleteBatch({ tenantId: scope.tenantId, createdAtMs: { $lt: cutoffMs } }, limit),
  };
}
