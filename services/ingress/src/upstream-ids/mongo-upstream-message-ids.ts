// MongoDB adapter of the UpstreamMessageIds port: collection `upstream_id_map`, read and written by
// `_id` only (the one index FerretDB v1 serves). A sent message is one document keyed by our id,
// `tenant|m|<our id>` (the sender's "already left" proof); when Meta named it differently, a second
// one keyed by Meta's, `tenant|u|<Meta's id>`, translates its statuses. A forwarded action (a
// mark-read) is one document keyed by its event id, `tenant|f|<event id>`. Media uploaded to Meta is
// two, `tenant|mo|<number>|<our media id>` and `tenant|mu|<Meta's media id>`. Both are written in one
// unordered insert, where an existing `_id` (a redelivered send) is skipped: the first record
// stands. A status lookup is one `_id $in` read per tenant and body. Tenant ids never contain `|`.
// (The former collection `upstream_message_ids`, keyed by a compound index, is no longer read.)
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { UpstreamMessageIds } from "./upstream-message-ids.ts";

interface IdDocument {
  _id: string;
  tenantId: string;
  upstreamId: string;
  messageId: string;
}

const idSchema = new Schema<IdDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    upstreamId: { type: String, required: true },
    messageId: { type: String, required: true },
  },
  { versionKey: false },
);

/** Ids per `$in` read: a webhook body names far fewer statuses. */
const MAX_LOOKUP = 1_000;

const ourKey = (tenantId: string, messageId: string) => `${tenantId}|m|${messageId}`;
const upstreamKey = (tenantId: string, upstreamId: string) => `${tenantId}|u|${upstreamId}`;
const forwardedKey = (tenantId: string, actionId: string) => `${tenantId}|f|${actionId}`;
const ourMediaKey = (tenantId: string, phoneNumberId: string, mediaId: string) =>
  `${tenantId}|mo|${phoneNumberId}|${mediaId}`;
const upstreamMediaKey = (tenantId: string, upstreamMediaId: string) => `${tenantId}|mu|${upstreamMediaId}`;

export async function createMongoUpstreamMessageIds(connection: Connection): Promise<UpstreamMessageIds> {
  const ids = connection.model<IdDocument>("UpstreamIdMap", idSchema, "upstream_id_map");
  await ids.init();
  return {
    async remember(tenantId, upstreamId, messageId) {
      const pair = { tenantId, upstreamId, messageId };
      const documents = [{ _id: ourKey(tenantId, messageId), ...pair }];
      if (upstreamId !== messageId) documents.push({ _id: upstreamKey(tenantId, upstreamId), ...pair });
      await traceDb("upstream_id_map", "insertMany", () => insertIgnoringDuplicates(ids.collection, documents));
    },
    async upstreamIdOf(tenantId, messageId) {
      const found = await traceDb("upstream_id_map", "findOne", () =>
        ids.findById(ourKey(tenantId, messageId)).lean<IdDocument>(),
      );
      // The `_id` embeds the tenant; checked again so a malformed id can never cross tenants.
      return found?.tenantId === tenantId ? found.upstreamId : undefined;
    },
    async ourIds(tenantId, upstreamIds) {
      const answer = new Map<string, string>();
      for (const chunk of chunked([...new Set(upstreamIds)], MAX_LOOKUP)) {
        const found = await traceDb("upstream_id_map", "find", () =>
          ids.find({ _id: { $in: chunk.map((id) => upstreamKey(tenantId, id)) } }).lean<IdDocument[]>(),
        );
        for (const d of found) if (d.tenantId === tenantId) answer.set(d.upstreamId, d.messageId);
      }
      return answer;
    },
    async rememberForwarded(tenantId, actionId) {
      const document = { _id: forwardedKey(tenantId, actionId), tenantId, upstreamId: actionId, messageId: actionId };
      await traceDb("upstream_id_map", "insertMany", () => insertIgnoringDuplicates(ids.collection, [document]));
    },
    async wasForwarded(tenantId, actionId) {
      const found = await traceDb("upstream_id_map", "findOne", () =>
        ids.findById(forwardedKey(tenantId, actionId)).lean<IdDocument>(),
      );
      return found?.tenantId === tenantId;
    },
    async rememberMedia(tenantId, phoneNumberId, mediaId, upstreamMediaId) {
      const pair = { tenantId, upstreamId: upstreamMediaId, messageId: mediaId };
      const documents = [
        { _id: ourMediaKey(tenantId, phoneNumberId, mediaId), ...pair },
        { _id: upstreamMediaKey(tenantId, upstreamMediaId), ...pair },
      ];
      await traceDb("upstream_id_map", "insertMany", () => insertIgnoringDuplicates(ids.collection, documents));
    },
    async upstreamMediaIdOf(tenantId, phoneNumberId, mediaId) {
      const found = await traceDb("upstream_id_map", "findOne", () =>
        ids.findById(ourMediaKey(tenantId, phoneNumberId, mediaId)).lean<IdDocument>(),
      );
      return found?.tenantId === tenantId ? found.upstreamId : undefined;
    },
    async mediaIdOfUpstream(tenantId, upstreamMediaId) {
      const found = await traceDb("upstream_id_map", "findOne", () =>
        ids.findById(upstreamMediaKey(tenantId, upstreamMediaId)).lean<IdDocument>(),
      );
      return found?.tenantId === tenantId ? found.messageId : undefined;
    },
  };
}
