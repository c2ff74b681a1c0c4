// MongoDB adapter of the EventOutbox port: one document per intent in `catalog_outbox` (`_id` =
// time-prefixed entry id), inserted, read by an `_id` range and deleted by `_id $in`. The
// collection only holds intents in flight or left by a crash, so it stays small.
import { chunked, traceDb } from "@switchboard/kit";
import type { Connection } from "mongoose";
import { type EventOutbox, type OutboxRef, outboxEntryId } from "./event-outbox.ts";

const COLLECTION = "catalog_outbox";

interface OutboxDoc {
  _id: string;
  atMs: number;
  refs: OutboxRef[];
}

export function createMongoEventOutbox(connection: Connection): EventOutbox {
  const entries = connection.db?.collection<OutboxDoc>(COLLECTION);
  if (!entries) throw new Error("the Mongo connection is not open");
  return {
    async add(entry) {
      await traceDb(COLLECTION, "insertOne", () =>
        entries.insertOne({ _id: entry.id, atMs: entry.atMs, refs: entry.refs }),
      );
    },
    async remove(ids) {
      for (const chunk of chunked([...new Set(ids)], 500))
        await traceDb(COLLECTION, "deleteMany", () => entries.deleteMany({ _id: { $in: chunk } }));
    },
    async olderThan(atMs, limit) {
      const docs = await traceDb(COLLECTION, "find", () =>
        entries
          .find({ _id: { $lt: outboxEntryId(atMs, "") } })
          .sort({ _id: 1 })
          .limit(limit)
          .toArray(),
      );
      return docs.map((d) => ({ id: d._id, atMs: d.atMs, refs: d.refs }));
    },
  };
}
