// Fetches a media file Meta holds for a business — what a customer sent, referenced in Meta's
// webhook by Meta's media id — the way Graph serves it: `GET /{version}/{media_id}` answers its
// metadata and a short-lived URL, which is downloaded with the same bearer token. Meta keeps
// inbound media for a limited time (about 7 days) only; this is how it is archived before that.
// An id Meta does not know (any 4xx) is `undefined`; throttling, server errors and an unreachable
// Graph throw, so the caller's consumer retries. The token is never logged.
// The download URL comes from Graph's answer, not from our config, so it goes through the
// outbound client: the address policy (the configured Graph host is allowed as the operator set
// it), no redirects, a time budget, and at most `maxBytes` once decoded — a file past that fails
// its stream with ResponseTooLargeError. A URL the policy refuses is a file Meta cannot give us.
import type { Readable } from "node:stream";
import type { OutboundStream } from "../outbound/outbound-stream.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { GraphAccess, MetaAccess } from "./meta-access.ts";

export interface FetchedMedia {
  mimeType: string;
  content: Readable;
}

export type MediaFetcher = (scope: Caller, mediaId: string) => Promise<FetchedMedia | undefined>;

export interface GraphMediaOptions {
  baseUrl: string;
  access?: MetaAccess;
  /** The installation-wide token and version, for businesses without their own. */
  configured: GraphAccess | undefined;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  /** The file's download (see above). */
  download: OutboundStream;
  /** Most bytes of one file, decoded. */
  maxBytes: number;
  /** The whole download: connect, answer and every byte. */
  downloadTimeoutMs: number;
}

export function createGraphMediaFetcher(options: GraphMediaOptions): MediaFetcher {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeout = () => AbortSignal.timeout(options.requestTimeoutMs ?? 30_000);

  return async (scope, mediaId) => {
    const access = (await options.access?.(scope)) ?? options.configured;
    if (!access) return undefined;
    const headers = { authorization: `Bearer ${access.accessToken}` };
    const url = `${base}/${encodeURIComponent(access.apiVersion)}/${encodeURIComponent(mediaId)}`;
    const meta = await doFetch(url, { headers, signal: timeout() });
    if (meta.status >= 400 && meta.status < 500 && meta.status !== 429) return undefined;
    if (!meta.ok) throw new Error(`Graph answered ${meta.status} for media metadata`);
    const info = (await meta.json().catch(() => undefined)) as { url?: unknown; mime_type?: unknown } | undefined;
    if (typeof info?.url !== "string") throw new Error("Graph's media metadata names no URL");
    const file = await options.download({
      url: info.url,
      method: "GET",
      headers,
      timeoutMs: options.downloadTimeoutMs,
      maxResponseBytes: options.maxBytes,
    });
    if (!file.ok) {
      if (file.kind === "refused" || file.kind === "invalid_url") return undefined;
      throw new Error(`media download failed: ${file.message}`);
    }
    if (file.status < 200 || file.status >= 300) {
      file.body.destroy();
      if (file.status >= 400 && file.status < 500 && file.status !== 429) return undefined;
      throw new Error(`Graph answered ${file.status} for a media download`);
    }
    const contentType = file.headers["content-type"];
    const mimeType =
      typeof info.mime_type === "string"
        ? info.mime_type
        : typeof contentType === "string"
          ? contentType
          : "application/octet-stream";
    return { mimeType, content: file.body };
  };
}
