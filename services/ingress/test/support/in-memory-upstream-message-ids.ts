// In-memory adapter of UpstreamMessageIds, with the Mongo adapter's semantics: the first record
// of a message stands, and only ids that differ from ours are translated, per tenant; forwarded
// actions are kept apart from message ids.
import type { SendIntent, UpstreamMessageIds } from "../../src/upstream-ids/upstream-message-ids.ts";

export function createInMemoryUpstreamMessageIds(): UpstreamMessageIds {
  const sent = new Map<string, string>();
  const translated = new Map<string, string>();
  const forwarded = new Set<string>();
  const uploaded = new Map<string, string>();
  const uploads = new Map<string, string>();
  const intents = new Map<string, number>();
  const id = (tenantId: string, messageId: string) => JSON.stringify([tenantId, messageId]);
  return {
    async recordSendIntents(tenantId, messageIds, atMs) {
      const answers = new Map<string, SendIntent>();
      for (const messageId of messageIds) {
        if (answers.has(messageId)) continue;
        const key = id(tenantId, messageId);
        const since = intents.get(key);
        if (since === undefined) {
          intents.set(key, atMs);
          answers.set(messageId, { kind: "new" });
          continue;
        }
        const upstreamId = sent.get(key);
        answers.set(
          messageId,
          upstreamId === undefined ? { kind: "pending", sinceMs: since } : { kind: "sent", upstreamId },
        );
      }
      return answers;
    },
    async releaseSendIntents(tenantId, messageIds) {
      for (const messageId of messageIds) intents.delete(id(tenantId, messageId));
    },
    async rememberSent(tenantId, messages) {
      for (const { upstreamId, messageId } of messages) {
        if (!sent.has(id(tenantId, messageId))) sent.set(id(tenantId, messageId), upstreamId);
        if (upstreamId !== messageId && !translated.has(id(tenantId, upstreamId))) {
          translated.set(id(tenantId, upstreamId), messageId);
        }
      }
    },
    async upstreamIdOf(tenantId, messageId) {
      return sent.get(id(tenantId, messageId));
    },
    async ourIds(tenantId, upstreamIds) {
      return new Map(
        upstreamIds.flatMap((upstreamId) => {
          const ours = translated.get(id(tenantId, upstreamId));
          return ours === undefined ? [] : [[upstreamId, ours] as const];
        }),
      );
    },
    async rememberForwarded(tenantId, actionId) {
      forwarded.add(id(tenantId, actionId));
    },
    async wasForwarded(tenantId, actionId) {
      return forwarded.has(id(tenantId, actionId));
    },
    async rememberMedia(tenantId, phoneNumberId, mediaId, upstreamMediaId) {
      const ours = JSON.stringify([tenantId, phoneNumberId, mediaId]);
      if (!uploaded.has(ours)) uploaded.set(ours, upstreamMediaId);
      if (!uploads.has(id(tenantId, upstreamMediaId))) uploads.set(id(tenantId, upstreamMediaId), mediaId);
    },
    async upstreamMediaIdOf(tenantId, phoneNumberId, mediaId) {
      return uploaded.get(JSON.stringify([tenantId, phoneNumberId, mediaId]));
    },
    async mediaIdOfUpstream(tenantId, upstreamMediaId) {
      return uploads.get(id(tenantId, upstreamMediaId));
    },
  };
}
