// The Cloud API's media endpoints: upload (`POST /{version}/{phone_number_id}/media`), metadata
// (`GET /{version}/{media_id}`), delete, and the download URL the metadata points to. Every one
// authenticates the business token and resolves the number or media within that business only;
// anything else is Graph's unknown object (100/33), exactly as for a media id that never existed.
//
// Media uploaded here and then to Meta (on its first use in a send) is also found by Meta's id,
// which a client may meet in Meta's own payloads.
//
// The download URL is on our own host and, like Meta's, needs the same bearer token: no signed
// capability URL that would leak media to whoever sees a log line.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { GRAPH_ID, newGraphId } from "../graph/graph-ids.ts";
import { graphIdOf } from "../graph/graph-path.ts";
import { authenticate } from "../tenancy/authenticate.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller, numberRoute } from "../tenancy/graph-prologue.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { downloadHeaders } from "./download-headers.ts";
import { MAX_MEDIA_BYTES } from "./media-limits.ts";
import type { MediaStore, StoredMedia } from "./media-store.ts";
import { receiveUpload } from "./media-upload.ts";

export interface MediaRouteDeps {
  callers: CallerDirectory;
  media: MediaStore;
  /** Our id of media by the id Meta gave it when it was uploaded there. */
  upstreamIds: Pick<UpstreamMessageIds, "mediaIdOfUpstream">;
  /**
   * Other Graph nodes served at `GET /{version}/{id}` (Graph has one id space: a template id is
   * read at the same path as a media id), asked in turn when the id is not the caller's media.
   */
  otherNodes: readonly ((caller: Caller, id: string) => Promise<Record<string, unknown> | undefined>)[];
}

export const MEDIA_DOWNLOAD_PATH = "/media/download";

type MediaParams = { version: string; mediaId: string };
type MediaQuery = { phone_number_id?: string };

export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  void app.register(async (scope) => {
    // Multipart only in this scope: the parser's file limit is the largest kind (documents);
    // the per-type limit is enforced while streaming (media-upload.ts).
    await scope.register(multipart, {
      limits: { fileSize: MAX_MEDIA_BYTES + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });

    /** The caller's media, optionally confined to one of its numbers (`?phone_number_id`, as Meta). */
    const ownMedia = async (request: FastifyRequest<{ Params: MediaParams; Querystring: MediaQuery }>) => {
      const caller = await graphCaller(request, deps.callers, request.params.mediaId);
      const mediaId = graphIdOf(request.params.mediaId);
      const ours = await deps.media.find(caller, mediaId);
      const uploadedAs = ours ? undefined : await deps.upstreamIds.mediaIdOfUpstream(caller.tenantId, mediaId);
      const found = ours ?? (uploadedAs === undefined ? undefined : await deps.media.find(caller, uploadedAs));
      const onlyNumber = request.query.phone_number_id;
      if (!found || (onlyNumber !== undefined && found.phoneNumberId !== onlyNumber)) throw unknownObject(mediaId);
      return { caller, media: found };
    };

    scope.post<{ Params: { version: string; phoneNumberId: string } }>(
      "/:version/:phoneNumberId/media",
      async (request) => {
        const { caller, phoneNumberId, ownNumber } = await numberRoute(request, deps.callers);
        await ownNumber();
        const stored = await receiveUpload(request, deps.media, caller, { mediaId: newGraphId(), phoneNumberId });
        return { id: stored.mediaId };
      },
    );

    scope.get<{ Params: MediaParams; Querystring: MediaQuery }>("/:version/:mediaId", async (request) => {
      const found = await ownMedia(request).catch(async (error: unknown) => {
        if (request.query.phone_number_id !== undefined) throw error; // a media-only filter
        const caller = await graphCaller(request, deps.callers, request.params.mediaId);
        for (const node of deps.otherNodes) {
          const view = await node(caller, request.params.mediaId);
          if (view) return { view };
        }
        throw error;
      });
      return "view" in found ? found.view : mediaView(request, found.media);
    });

    scope.delete<{ Params: MediaParams; Querystring: MediaQuery }>("/:version/:mediaId", async (request) => {
      const { caller, media } = await ownMedia(request);
      if (!(await deps.media.remove(caller, media.mediaId))) throw unknownObject(media.mediaId);
      return { success: true };
    });

    scope.get<{ Params: { mediaId: string } }>(`${MEDIA_DOWNLOAD_PATH}/:mediaId`, async (request, reply) => {
      const caller: Caller = await authenticate(request, deps.callers);
      const { mediaId } = request.params;
      const opened = GRAPH_ID.test(mediaId) ? await deps.media.open(caller, mediaId) : undefined;
      if (!opened) throw unknownObject(mediaId);
      return reply.headers(downloadHeaders(opened.media)).send(opened.content);
    });
  });
}

function mediaView(request: FastifyRequest, media: StoredMedia) {
  return {
    messaging_product: "whatsapp",
    url: `${request.protocol}://${request.host}${MEDIA_DOWNLOAD_PATH}/${media.mediaId}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: String(media.fileSize),
    id: media.mediaId,
  };
}
