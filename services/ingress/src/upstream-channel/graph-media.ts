// Fetches a media file Meta holds for a business — what a customer sent, referenced in Meta's
// webhook by Meta's media id — the way Graph serves it: `GET /{version}/{media_id}` answers its
// metadata and a short-lived URL, which is downloaded with the same bearer token. Meta keeps
// inbound media for a limited time (about 7 days) only; this is how it is archived before that.
// An id Meta does not know (any 4xx) is `undefined`; throttling, server errors and an unreachable
// Graph throw, so the caller's consumer retries. The token is never logged.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
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
    const file = await doFetch(info.url, { headers, signal: timeout() });
    if (file.status >= 400 && file.status < 500 && file.status !== 429) return undefined;
    if (!file.ok || !file.body) throw new Error(`Graph answered ${file.status} for a media download`);
    const mimeType =
      typeof info.mime_type === "string"
        ? info.mime_type
        : (file.headers.get("content-type") ?? "application/octet-stream");
    return { mimeType, content: Readable.fromWeb(file.body as WebReadableStream<Uint8Array>) };
  };
}
