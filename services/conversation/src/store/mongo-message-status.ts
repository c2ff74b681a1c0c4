// The Mongo adapter's status and outbox operations: one conditional update per reported status
// (the stored status must be a predecessor, so out-of-order and concurrent writes stay monotonic
// without transactions), and the markers that say which change events were already published.
import { type TenantScope, traceDb } from "@switchboard/kit";
import type { QueryFilter } from "mongoose";
import type { MessageRecord } from "../domain/records.ts";
import { advances, predecessorsOf } from "../domain/status-transition.ts";
import type { ConversationStore } from "./conversation-store.ts";
import { messageDocId } from "./document-ids.ts";
import type { conversationModels } from "./mongo-models.ts";

type Models = ReturnType<typeof conversationModels>;
type StatusOps = Pick<ConversationStore, "getMessage" | "advanceStatus" | "markStatusPublished" | "markReadyPublished">;

const noId = { _id: 0 } as const;

export function mongoMessageStatus({ messages }: Models): StatusOps {
  const findMessage = (scope: TenantScope, messageId: string) =>
    traceDb("messages", "findOne", () =>
      messages
        .findOne({ _id: messageDocId(scope.tenantId, messageId), tenantId: scope.tenantId, messageId }, noId)
        .lean<MessageRecord>(),
    );

  return {
    async getMessage(scope, messageId) {
      return (await findMessage(scope, messageId)) ?? undefined;
    },

    async advanceStatus(scope, messageId, change) {
      // Compare-and-set on the status read: the update applies only if the stored status is still
      // the predecessor we saw, so a concurrent or out-of-order write can never be overwritten by
      // a lower status. (FerretDB v1 has no pipeline updates to copy the old status in one step.)
      for (;;) {
        const found = await findMessage(scope, messageId);
        if (found?.direction !== "outbound") return { kind: "unknown" };
        if (!advances(found.status, change.status)) {
          // Already at this status but its change event never went out: a crash between the
          // update and the publish. Publish now (same deterministic event id).
          const unpublished = found.status === change.status && found.publishedStatus !== change.status;
          return unpublished ? { kind: "pending", message: found } : { kind: "stale" };
        }
        const set = {
          previousStatus: found.status,
          status: change.status,
          statusAtMs: change.statusAtMs,
          ...(change.status === "failed" ? { errorsJson: change.errorsJson } : {}),
        };
        const result = await traceDb("messages", "updateOne", () =>
          messages.updateOne(
            {
              _id: messageDocId(scope.tenantId, messageId),
              tenantId: scope.tenantId,
              messageId,
              direction: "outbound",
              status: { $eq: found.status, $in: [...predecessorsOf(change.status)] },
            } as QueryFilter<MessageRecord & { _id: string }>,
            { $set: set },
          ),
        );
        if (result.modifiedCount === 1) return { kind: "pending", message: { ...found, ...set } };
      }
    },

    async markStatusPublished(scope, messageId, status) {
      await traceDb("messages", "updateOne", () =>
        messages.updateOne(
          { _id: messageDocId(scope.tenantId, messageId), tenantId: scope.tenantId, messageId, status },
          { $set: { publishedStatus: status } },
        ),
      );
    },

    async markReadyPublished(scope, messageId) {
      await traceDb("messages", "updateOne", () =>
        messages.updateOne(
          { _id: messageDocId(scope.tenantId, messageId), tenantId: scope.tenantId, messageId },
          { $set: { readyPublished: true } },
        ),
      );
    },
  };
}
