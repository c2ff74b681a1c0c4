// MongoDB adapter of StockMarkers: one insert-only document per command (`_id` = command id).
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import type { Connection, mongo } from "mongoose";
import type { StockMarkers } from "./stock-markers.ts";

const COLLECTION = "stock_commands";

export function createMongoStockMarkers(connection: Connection): StockMarkers {
  const markers = connection.db?.collection<{ _id: string; units: number }>(COLLECTION);
  if (!markers) throw new Error("the Mongo connection is not open");
  return {
    async read(commandIds) {
      const found = new Map<string, number>();
      for (const chunk of chunked([...new Set(commandIds)], 500)) {
        const docs = await traceDb(COLLECTION, "find", () => markers.find({ _id: { $in: chunk } }).toArray());
        for (const doc of docs) found.set(doc._id, doc.units);
      }
      return found;
    },
    async write(entries) {
      const docs = [...entries].map(([_id, units]) => ({ _id, units }));
      await traceDb(COLLECTION, "insertMany", () =>
        insertIgnoringDuplicates(markers as unknown as mongo.Collection, docs),
      );
    },
  };
}
