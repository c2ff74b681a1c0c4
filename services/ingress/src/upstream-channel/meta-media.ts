// Our media ids in a send, made Meta's: a send naming one of the business's uploaded files by our
// id (a media message, an interactive or carousel header, a template header: media-references.ts)
// gets that file uploaded to Meta on first use, for the sending number
// (`POST /{version}/{phone_number_id}/media`, multipart, as Meta takes it), and the body sent with
// Meta's id instead. The pair is recorded both ways
// (UpstreamMessageIds), so later sends reuse Meta's id. An id we do not hold is passed through
// unchanged: it may be Meta's own (a client that uploaded at Meta before switching).
// The file is read whole before the upload (at most Meta's 100 MB document limit).
import type { MediaStore } from "../media/media-store.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import type { GraphAnswer } from "./graph-post.ts";
import { mediaIdsIn, withMediaIds } from "./media-references.ts";
import type { GraphAccess } from "./meta-access.ts";
import { failureFromGraphBody } from "./meta-error.ts";
import type { UpstreamFailure, UpstreamMessage } from "./upstream-channel.ts";

export interface OutboundMedia {
  store: Pick<MediaStore, "open">;
  ids: Pick<UpstreamMessageIds, "rememberMedia" | "upstreamMediaIdOf">;
}

type Post = (url: string, accessToken: string, body: string | FormData) => Promise<GraphAnswer>;

export type MetaBody = { ok: true; bodyJson: string } | { ok: false; failure: UpstreamFailure };

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

  /** The body to send Meta: ours, or with our media ids replaced by Meta's (uploading them first). */
  return async (message: UpstreamMessage, access: GraphAccess): Promise<MetaBody> => {
    let body: unknown;
    try {
      body = JSON.parse(message.bodyJson);
    } catch {
      return { ok: true, bodyJson: message.bodyJson };
    }
    const ours = mediaIdsIn(body);
    if (ours.length === 0) return { ok: true, bodyJson: message.bodyJson };
    const { tenantId, phoneNumberId } = message.thread;
    const metaIds = new Map<string, string>();
    for (const mediaId of ours) {
      let metaId = await media.ids.upstreamMediaIdOf(tenantId, phoneNumberId, mediaId);
      if (metaId === undefined) {
        const answer = await upload(message, access, mediaId);
        if (!answer) continue; // not ours: maybe Meta's own id, sent as it is
        if (!answer.ok) return answer;
        const id = (answer.body as { id?: unknown } | undefined)?.id;
        if (typeof id !== "string") return { ok: false, failure: failureFromGraphBody(undefined, answer.httpStatus) };
        await media.ids.rememberMedia(tenantId, phoneNumberId, mediaId, id);
        metaId = id;
      }
      metaIds.set(mediaId, metaId);
    }
    return { ok: true, bodyJson: metaIds.size === 0 ? message.bodyJson : JSON.stringify(withMediaIds(body, metaIds)) };
  };
}
