// The Mongo adapter's customer identity links. Decision: a thread keeps the id it was created
// with when its customer changes identity (`user_changed_number`, a business-scoped user id
// becoming known); the id derived from the new identity becomes an alias pointing at it. Messages
// are never rewritten, so history and audit stay as stored; reads follow the aliases. Every step
// is an idempotent single-document (or same-filter) write, so a replayed change is harmless.
import { traceDb } from "@switchboard/kit";
import type { ThreadLinks } from "./conversation-store.ts";
import { aliasDocId, threadDocId } from "./document-ids.ts";
import type { conversationModels, ThreadAliasRecord } from "./mongo-models.ts";

type Models = ReturnType<typeof conversationModels>;

export function mongoThreadLinks({ threads, threadAliases }: Models): ThreadLinks {
  return {
    async resolveThreadId(scope, threadId) {
      const alias = await traceDb("thread_aliases", "findOne", () =>
        threadAliases
          .findOne({ _id: aliasDocId(scope.tenantId, threadId), tenantId: scope.tenantId, aliasThreadId: threadId })
          .lean<ThreadAliasRecord>(),
      );
      return alias?.threadId ?? threadId;
    },

    async aliasesOf(scope, threadId) {
      const found = await traceDb("thread_aliases", "find", () =>
        threadAliases.find({ tenantId: scope.tenantId, threadId }).lean<ThreadAliasRecord[]>(),
      );
      return found.map((a) => a.aliasThreadId);
    },

    async relinkThread(scope, relink) {
      const tenantId = scope.tenantId;
      if (relink.aliasThreadId !== relink.threadId) {
        // First, so events for the new identity land in the kept thread from now on.
        await traceDb("thread_aliases", "upsert", () =>
          threadAliases.updateOne(
            { _id: aliasDocId(tenantId, relink.aliasThreadId), tenantId, aliasThreadId: relink.aliasThreadId },
            { $setOnInsert: { tenantId, threadId: relink.threadId, createdAtMs: relink.changedAtMs } },
            { upsert: true },
          ),
        );
        // Aliases of a thread merged away now point at the kept one (chains stay one hop).
        await traceDb("thread_aliases", "updateMany", () =>
          threadAliases.updateMany(
            { tenantId, threadId: relink.aliasThreadId },
            { $set: { threadId: relink.threadId } },
          ),
        );
        // A thread already started under the new identity is merged: marked, never deleted, so a
        // late write to it still lands somewhere the kept thread's reads follow.
        const merged = await traceDb("threads", "findOneAndUpdate", () =>
          threads
            .findOneAndUpdate(
              { _id: threadDocId(tenantId, relink.aliasThreadId), tenantId, threadId: relink.aliasThreadId },
              { $set: { mergedIntoThreadId: relink.threadId } },
              { returnDocument: "after" },
            )
            .lean<{ updatedAtMs: number; lastInboundAtMs: number }>(),
        );
        if (merged) {
          await traceDb("threads", "updateOne", () =>
            threads.updateOne(
              { _id: threadDocId(tenantId, relink.threadId), tenantId, threadId: relink.threadId },
              { $max: { updatedAtMs: merged.updatedAtMs, lastInboundAtMs: merged.lastInboundAtMs } },
            ),
          );
        }
      }
      // The newest identity wins, whatever order the changes arrive in.
      await traceDb("threads", "updateOne", () =>
        threads.updateOne(
          {
            _id: threadDocId(tenantId, relink.threadId),
            tenantId,
            threadId: relink.threadId,
            $or: [{ customerChangedAtMs: { $exists: false } }, { customerChangedAtMs: { $lt: relink.changedAtMs } }],
          },
          {
            $set: {
              customerId: relink.customerId,
              customerWaId: relink.customerWaId,
              customerChangedAtMs: relink.changedAtMs,
            },
          },
        ),
      );
    },
  };
}
