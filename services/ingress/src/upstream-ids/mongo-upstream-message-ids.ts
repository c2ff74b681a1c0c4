// MongoDB adapter of the UpstreamMessageIds port: collection `upstream_id_map`, read and written by
// `_id` only (the one index FerretDB v1 serves). A sent message is one document keyed by our id,
// `tenant|m|<our id>` (the sender's "already left" proof); when Meta named it differently, a second
// one keyed by Meta's, `tenant|u|<Meta's id>`, translates its statuses. A forwarded action (a
// mark-read) is one document keyed by its event id, `tenant|f|<event id>`. Media uploaded to Meta is
// two, `tenant|mo|<number>|<our media id>` and `tenant|mu|<Meta's media id>`. Both are written in one
// unordered insert, where an existing `_id` (a redelivered send) is skipped: the first record
// stands. A status lookup is one `_id $in` read per tenant and body. Tenant ids never contain `|`.
// Before a send the sender writes its intent, `tenant|i|<our id>` (with `atMs`); a redelivery
// finds it and reads the outcome beside it instead of calling Meta a second time.
// (The former collection `upstream_message_ids`, keyed by a compound index, is no longer read.)
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { SendIntent, UpstreamMessageIds } from "./upstream-message-ids.ts";

interface IdDocument {
  _id: string;
  tenantId: string;
  upstreamId: string;
  messageId: string;
  /** Intents only: when the send started. */
  atMs?: number;
}

const idSchema = new Schema<IdDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    upstreamId: { type: String, required: true },
    messageId: { type: String, required: true },
    atMs: { type: Number, required: false },
  },
  { versionKey: false },
);

/** Ids per `$in` read: a webhook body names far fewer statuses. */
const MAX_LOOKUP = 1_000;

const ourKey = (tenantId: string, messageId: string) => `${tenantId}|m|${messageId}`;
const upstreamKey = (tenantId: string, upstreamId: string) => `${tenantId}|u|${upstreamId}`;
const intentKey = (tenantId: string, messageId: string) => `${tenantId}|i|${messageId}`;
const forwardedKey = (tenantId: string, actionId: string) => `${tenantId}|f|${actionId}`;
const ourMediaKey = (tenantId: string, phoneNumberId: string, mediaId: string) =>
  `${tenantId}|mo|${phoneNumberId}|${mediaId}`;
const upstreamMediaKey = (tenantId: string, upstreamMediaId: string) => `${tenantId}|mu|${upstreamMediaId}`;

export async function createMongoUpstreamMessageIds(connection: Connection): Promise<UpstreamMessageIds> {
  const ids = connection.model<IdDocument>("UpstreamIdMap", idSchema, "upstream_id_map");
  await ids.init();
  return {
    async recordSendIntents(tenantId, messageIds, atMs) {
      const unique = [...new Set(messageIds)];
      const intents = unique.map((messageId) => ({
        _id: intentKey(tenantId, messageId),
        tenantId,
        upstreamId: "",
        messageId,
        atMs,
      }));
      const answers = new Map<string, SendIntent>(unique.map((id) => [id, { kind: "new" }]));
      const skipped = new Set<number>();
      for (const [index, chunk] of chunked(intents, MAX_LOOKUP).entries()) {
        const start = index * MAX_LOOKUP;
        const duplicates = await traceDb("upstream_id_map", "insertMany", () =>
          insertIgnoringDuplicates(ids.collection, chunk),
        );
        for (const position of duplicates) skipped.add(start + position);
      }
      const seen = [...skipped].map((position) => unique[position] as string);
      for (const chunk of chunked(seen, MAX_LOOKUP / 2)) {
        const keys = chunk.flatMap((messageId) => [ourKey(tenantId, messageId), intentKey(tenantId, messageId)]);
        const found = new Map(
          (
            await traceDb("upstream_id_map", "find", () => ids.find({ _id: { $in: keys } }).lean<IdDocument[]>())
          ).flatMap((d) => (d.tenantId === tenantId ? [[d._id, d] as const] : [])),
        );
        for (const messageId of chunk) {
          const sent = found.get(ourKey(tenantId, messageId));
          const earlier = found.get(intentKey(tenantId, messageId));
          answers.set(
            messageId,
            sent ? { kind: "sent", upstreamId: sent.upstreamId } : { kind: "pending", sinceMs: earlier?.atMs ?? 0 },
          );
        }
      }
      return answers;
    },
    async releaseSendIntents(tenantId, messageIds) {
      for (const chunk of chunked([...new Set(messageIds)], MAX_LOOKUP)) {
        await traceDb("upstream_id_map", "deleteMany", () =>
          ids.deleteMany({ _id: { $in: chunk.map((messageId) => intentKey(tenantId, messageId)) } }),
        );
      }
    },
    async rememberSent(tenantId, sent) {
      const documents = sent.flatMap(({ upstreamId, messageId }) => {
        const pair = { tenantId, upstreamId, messageId };
        const ours = { _id: ourKey(tenantId, messageId), ...pair };
        return upstreamId === messageId ? [ours] : [ours, { _id: upstreamKey(tenantId, upstreamId), ...pair }];
      });
      for (const chunk of chunked(documents, MAX_LOOKUP)) {
        await traceDb("upstream_id_map", "insertMany", () => insertIgnoringDuplicates(ids.collection, chunk));
      }
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
