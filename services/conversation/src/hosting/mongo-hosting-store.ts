// MongoDB adapter of the HostingStore: the only code that writes `hosting_history`,
// `hosting_fanouts` and `number_hosting`. Fan-out writes are batch inserts, a page per round trip,
// that ignore duplicates: no per-thread update at all, because FerretDB v1 (SQLite) pays ~75 ms
// per updated document (measured) while a 1,000-document insert costs about as much as one
// update. No transactions: each write is idempotent on its own, so a replay repairs a crash.
import { chunked, insertIgnoringDuplicates, isDuplicateKeyError, traceDb } from "@switchboard/kit";
import type { Connection } from "mongoose";
import { fanOutDocId, historyDocId, numberHostingDocId } from "../store/document-ids.ts";
import { withoutUndefined } from "../store/mongo-shared-schemas.ts";
import type { HostingHistoryRecord } from "./hosting-records.ts";
import type { HostingStore } from "./hosting-store.ts";
import { hostingModels } from "./mongo-hosting-models.ts";
import type { NumberHosting } from "./number-hosting.ts";

const noId = { _id: 0 } as const;

export async function createMongoHostingStore(connection: Connection): Promise<HostingStore> {
  const { history, progress, numberHosting } = hostingModels(connection);
  await Promise.all([history.createIndexes(), progress.createIndexes()]);

  return {
    async storeHistory(scope, entries) {
      if (entries.some((e) => e.tenantId !== scope.tenantId)) throw new Error("history entry outside the tenant scope");
      await traceDb("hosting_history", "insertMany", () =>
        insertIgnoringDuplicates(
          history.collection,
          entries.map((e) => ({ _id: historyDocId(e.tenantId, e.threadId, e.changeId), ...withoutUndefined(e) })),
        ),
      );
    },

    async historyExists(scope, threadIds, changeId) {
      const ids = threadIds.map((threadId) => historyDocId(scope.tenantId, threadId, changeId));
      const found = await Promise.all(
        chunked(ids, 500).map((chunk) =>
          traceDb("hosting_history", "find", () =>
            history
              .find({ _id: { $in: chunk } }, { _id: 0, tenantId: 1, threadId: 1, changeId: 1 })
              .lean<HostingHistoryRecord[]>(),
          ),
        ),
      );
      return new Set(
        found
          .flat()
          .filter((h) => h.tenantId === scope.tenantId && h.changeId === changeId)
          .map((h) => h.threadId),
      );
    },

    async fanOutProgress(scope, changeId) {
      const found = await traceDb("hosting_fanouts", "findOne", () =>
        progress
          .findOne({ _id: fanOutDocId(scope.tenantId, changeId), tenantId: scope.tenantId, changeId }, noId)
          .lean(),
      );
      return { afterThreadId: found?.afterThreadId ?? "", done: found?.done ?? false };
    },

    async saveFanOutProgress(scope, changeId, next) {
      await traceDb("hosting_fanouts", "upsert", () =>
        progress.updateOne(
          { _id: fanOutDocId(scope.tenantId, changeId), tenantId: scope.tenantId, changeId },
          { $set: { afterThreadId: next.afterThreadId, done: next.done } },
          { upsert: true },
        ),
      );
    },

    async recordNumberHosting(scope, change) {
      const _id = numberHostingDocId(scope.tenantId, change.phoneNumberId);
      try {
        await traceDb("number_hosting", "upsert", () =>
          numberHosting.updateOne(
            { _id, $or: [{ atMs: { $exists: false } }, { atMs: { $lt: change.atMs } }] },
            { $set: { ...change, tenantId: scope.tenantId } },
            { upsert: true },
          ),
        );
      } catch (error) {
        // A newer change is recorded: the upsert's insert collides on `_id`, which is the answer.
        if (!isDuplicateKeyError(error)) throw error;
      }
    },

    async numberHostings(scope, phoneNumberIds) {
      if (phoneNumberIds.length === 0) return new Map();
      const found = await traceDb("number_hosting", "find", () =>
        numberHosting
          .find(
            {
              _id: { $in: phoneNumberIds.map((id) => numberHostingDocId(scope.tenantId, id)) },
              tenantId: scope.tenantId,
            },
            noId,
          )
          .lean<NumberHosting[]>(),
      );
      return new Map(found.map((n) => [n.phoneNumberId, n]));
    },

    async historyOf(scope, threadId) {
      const found = await traceDb("hosting_history", "find", () =>
        history
          .find({ tenantId: scope.tenantId, threadId }, noId)
          .sort({ atMs: 1, changeId: 1 })
          .lean<HostingHistoryRecord[]>(),
      );
      return found.map((h) => ({ ...h, from: h.from ?? undefined }));
    },
  };
}
