// MongoDB adapter of the UpstreamMessageIds port: collection `upstream_message_ids`, unique on
// (tenantId, upstreamId); recording is an idempotent upsert, so a redelivered send changes nothing.
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { UpstreamMessageIds } from "./upstream-message-ids.ts";

interface IdDocument {
  tenantId: string;
  upstreamId: string;
  messageId: string;
}

const idSchema = new Schema<IdDocument>(
  {
    tenantId: { type: String, required: true },
    upstreamId: { type: String, required: true },
    messageId: { type: String, required: true },
  },
  { versionKey: false },
);
idSchema.index({ tenantId: 1, upstreamId: 1 }, { unique: true });
idSchema.index({ tenantId: 1, messageId: 1 });

/** A webhook body names at most this many statuses we look up at once. */
const MAX_LOOKUP = 1_000;

export async function createMongoUpstreamMessageIds(connection: Connection): Promise<UpstreamMessageIds> {
  const ids = connection.model<IdDocument>("UpstreamMessageId", idSchema, "upstream_message_ids");
  await ids.createIndexes();
  return {
    async remember(tenantId, upstreamId, messageId) {
      await traceDb("upstream_message_ids", "upsert", () =>
        ids.updateOne({ tenantId, upstreamId }, { $set: { messageId } }, { upsert: true }),
      );
    },
    async upstreamIdOf(tenantId, messageId) {
      const found = await traceDb("upstream_message_ids", "findOne", () =>
        ids.findOne({ tenantId, messageId }, { _id: 0 }).lean<IdDocument>(),
      );
      return found?.upstreamId;
    },
    async ourIds(tenantId, upstreamIds) {
      if (upstreamIds.length === 0) return new Map();
      const found = await traceDb("upstream_message_ids", "find", () =>
        ids.find({ tenantId, upstreamId: { $in: upstreamIds.slice(0, MAX_LOOKUP) } }, { _id: 0 }).lean<IdDocument[]>(),
      );
      return new Map(found.map((d) => [d.upstreamId, d.messageId]));
    },
  };
}
