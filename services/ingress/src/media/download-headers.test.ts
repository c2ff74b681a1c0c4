// Media downloads are served as attachments the browser may not re-type, and MIME type lookups
// keyed by what a client declared find only the table's own entries.
import { Readable } from "node:stream";
import { createHttpServer, createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createFakeCallerDirectory } from "../../test/support/fake-caller-directory.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { hashAccessToken } from "../tenancy/access-token.ts";
import { mediaRuleFor } from "./media-limits.ts";
import { MEDIA_DOWNLOAD_PATH, registerMediaRoutes } from "./media-routes.ts";
import type { MediaStore, StoredMedia } from "./media-store.ts";

const caller = { tenantId: "tn_1", businessId: "200" };
const media: StoredMedia = {
  mediaId: "123456789",
  phoneNumberId: "100",
  mimeType: "text/plain",
  sha256: "x",
  fileSize: 22,
  uploadedAtMs: 1,
};

describe("media downloads", () => {
  it("answer nosniff and an attachment disposition with a safe filename", async () => {
    const store: MediaStore = {
      save: async () => media,
      find: async () => media,
      open: async () => ({ media, content: Readable.from([Buffer.from("<script>x()</script>!!")]) }),
      remove: async () => false,
    };
    const app = createHttpServer({
      logger: createLogger({ service: "test", level: "silent" }),
      bodyLimitBytes: 1_000,
      readinessChecks: {},
    });
    registerGraphErrorHandling(app);
    registerMediaRoutes(app, {
      callers: createFakeCallerDirectory({ [hashAccessToken("tok")]: caller }, []),
      media: store,
      upstreamIds: { mediaIdOfUpstream: async () => undefined },
      otherNodes: [],
    });
    const response = await app.inject({
      url: `${MEDIA_DOWNLOAD_PATH}/${media.mediaId}`,
      headers: { authorization: "Bearer tok" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="${media.mediaId}"`);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("knows no MIME type %s", (declared) => {
    expect(mediaRuleFor(declared)).toBeUndefined();
  });
});
