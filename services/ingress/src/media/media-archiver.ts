// Archives what customers send through Meta: for each inbound message carrying media by Meta's
// media id (image, audio, video, document, sticker), the file is fetched from Meta while Meta
// still has it (graph-media.ts) and stored in the business's media under that same id. The
// business sees Meta's id in its webhook and asks `GET /{version}/{media_id}` here: with the file
// stored under it, that id and our download URL keep working after Meta's copy expires. Consumer
// group `<UPSTREAM_CONSUMER_GROUP>-media`, Cloud API channel only (the simulator sends no media).
// Once per file: a stored id is not fetched again. A file Meta no longer has, or one larger than
// any media Meta allows (the download stops at that size), is logged, not retried.
import { EventHandlers, type Logger, threadScope } from "@switchboard/kit";
import { InboundMessageReceivedEvent } from "@switchboard/proto";
import { GRAPH_ID } from "../graph/graph-ids.ts";
import { ResponseTooLargeError } from "../outbound/bounded-body.ts";
import type { MediaFetcher } from "../upstream-channel/graph-media.ts";
import type { MediaStore } from "./media-store.ts";

const MEDIA_TYPES = new Set(["image", "audio", "video", "document", "sticker"]);

/** Meta's media id of an inbound message's file, when it has one. */
export function inboundMediaId(type: string, messageJson: string): string | undefined {
  if (!MEDIA_TYPES.has(type)) return undefined;
  try {
    const id = (JSON.parse(messageJson) as Record<string, { id?: unknown } | undefined>)[type]?.id;
    return typeof id === "string" && GRAPH_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function mediaArchiverHandlers(deps: { media: MediaStore; fetchMedia: MediaFetcher; logger: Logger }) {
  return new EventHandlers().on(InboundMessageReceivedEvent, async (event) => {
    const { data } = event;
    const mediaId = inboundMediaId(data.type, data.messageJson);
    if (mediaId === undefined) return;
    const { thread } = threadScope(event, data.thread);
    const scope = { tenantId: thread.tenantId, businessId: thread.businessId };
    if (await deps.media.find(scope, mediaId)) return;
    const fetched = await deps.fetchMedia(scope, mediaId);
    if (!fetched) {
      deps.logger.warn({ messageId: data.messageId, mediaId }, "inbound media not available from Meta");
      return;
    }
    try {
      await deps.media.save(
        scope,
        { mediaId, phoneNumberId: thread.phoneNumberId, mimeType: fetched.mimeType, filename: mediaId },
        fetched.content,
      );
    } catch (error) {
      // Past Meta's own largest media size: fetching it again would only fail again.
      if (!(error instanceof ResponseTooLargeError)) throw error;
      deps.logger.warn({ messageId: data.messageId, mediaId }, "inbound media larger than allowed; not archived");
    }
  });
}
