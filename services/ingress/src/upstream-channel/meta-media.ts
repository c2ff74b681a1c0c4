// Our media ids in a send, made Meta's: a media message (image, audio, video, document, sticker)
// naming one of the business's uploaded files by our id gets that file uploaded to Meta on first
// use, for the sending number (`POST /{version}/{phone_number_id}/media`, multipart, as Meta takes
// it), and the body sent with Meta's id instead. The pair is recorded both ways
// (UpstreamMessageIds), so later sends reuse Meta's id. An id we do not hold is passed through
// unchanged: it may be Meta's own (a client that uploaded at Meta before switching).
// The file is read whole before the upload (at most Meta's 100 MB document limit).
import type { MediaStore } from "../media/media-store.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import type { GraphAnswer } from "./graph-post.ts";
import type { GraphAccess } from "./meta-access.ts";
import { failureFromGraphBody } from "./meta-error.ts";
import type { UpstreamFailure, UpstreamMessage } from "./upstream-channel.ts";

const MEDIA_TYPES = new Set(["image", "audio", "video", "document", "sticker"]);

export interface OutboundMedia {
  store: Pick<MediaStore, "open">;
  ids: Pick<UpstreamMessageIds, "rememberMedia" | "upstreamMediaIdOf">;
}

type Post = (url: string, accessToken: string, body: string | FormData) => Promise<GraphAnswer>;

export type MetaBody = { ok: true; bodyJson: string } | { ok: false; failure: UpstreamFailure };

function mediaReference(bodyJson: string): { body: Record<string, unknown>; type: string; id: string } | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bodyJson) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const type = body.type;
  if (typeof type !== "string" || !MEDIA_TYPES.has(type)) return undefined;
  const id = (body[type] as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? { body, type, id } : undefined;
}

export function metaMediaBodies(media: OutboundMedia, post: Post, baseUrl: string) {
  const upload = async (
    message: UpstreamMessage,
    access: GraphAccess,
    mediaId: string,
  ): Promise<GraphAnswer | undefined> => {
    const { thread } = message;
    const opened = await media.store.open({ tenantId: thread.tenantId, businessId: thread.businessId }, mediaId);
    if (!opened) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.content) chunks.push(chunk as Buffer);
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", opened.media.mimeType);
    form.set("file", new Blob([Buffer.concat(chunks)], { type: opened.media.mimeType }), mediaId);
    const url = `${baseUrl}/${encodeURIComponent(access.apiVersion)}/${encodeURIComponent(thread.phoneNumberId)}/media`;
    return post(url, access.accessToken, form);
  };

  /** The body to send Meta: ours, or with our media id replaced by Meta's (uploading it first). */
  return async (message: UpstreamMessage, access: GraphAccess): Promise<MetaBody> => {
    const reference = mediaReference(message.bodyJson);
    if (!reference) return { ok: true, bodyJson: message.bodyJson };
    const { tenantId, phoneNumberId } = message.thread;
    let metaId = await media.ids.upstreamMediaIdOf(tenantId, phoneNumberId, reference.id);
    if (metaId === undefined) {
      const answer = await upload(message, access, reference.id);
      if (!answer) return { ok: true, bodyJson: message.bodyJson };
      if (!answer.ok) return answer;
      const id = (answer.body as { id?: unknown } | undefined)?.id;
      if (typeof id !== "string") return { ok: false, failure: failureFromGraphBody(undefined, answer.httpStatus) };
      await media.ids.rememberMedia(tenantId, phoneNumberId, reference.id, id);
      metaId = id;
    }
    const part = reference.body[reference.type] as Record<string, unknown>;
    return { ok: true, bodyJson: JSON.stringify({ ...reference.body, [reference.type]: { ...part, id: metaId } }) };
  };
}
