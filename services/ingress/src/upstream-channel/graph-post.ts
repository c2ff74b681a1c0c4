// One POST to Meta's Graph API with the Cloud API adapter's retry rule: 429 and 5xx (and an
// unreachable upstream) are retried with exponential backoff and jitter, honouring Retry-After;
// any other error answer is final and comes back as Meta's error. Sends, mark-reads and media
// uploads (multipart) share it.
// The token travels in the header only and is never logged.
import { failureFromGraphBody, unreachableFailure } from "./meta-error.ts";
import { type BackoffPolicy, retryAfterMs, retryDelayMs } from "./retry-delay.ts";
import type { UpstreamFailure } from "./upstream-channel.ts";

export interface GraphPostOptions {
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export type GraphAnswer = { ok: true; body: unknown; httpStatus: number } | { ok: false; failure: UpstreamFailure };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const retryable = (status: number) => status === 429 || status >= 500;

export function graphPoster(options: GraphPostOptions) {
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;

  return async function post(
    url: string,
    accessToken: string,
    body: string | FormData | undefined,
    // Template management also reads and deletes (GET/DELETE with the same retry rule).
    method: "POST" | "GET" | "DELETE" = "POST",
  ): Promise<GraphAnswer> {
    // A form sets its own multipart content type (with the boundary); JSON is named.
    const contentType: Record<string, string> = typeof body === "string" ? { "content-type": "application/json" } : {};
    let last: UpstreamFailure = unreachableFailure("no attempt made");
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfter: number | undefined;
      try {
        const response = await doFetch(url, {
          method,
          headers: { authorization: `Bearer ${accessToken}`, ...contentType },
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000),
        });
        const answer: unknown = await response.json().catch(() => undefined);
        if (response.ok) return { ok: true, body: answer, httpStatus: response.status };
        last = failureFromGraphBody(answer, response.status);
        if (!retryable(response.status)) return { ok: false, failure: last };
        retryAfter = retryAfterMs(response.headers.get("retry-after"), Date.now());
      } catch (error) {
        last = unreachableFailure(error);
      }
      if (attempt < maxAttempts) await sleep(retryDelayMs(attempt, backoff, random(), retryAfter));
    }
    return { ok: false, failure: last };
  };
}

/** True for a failure worth trying again later: throttled, a server error, or no answer at all. */
export function isTransientFailure(failure: UpstreamFailure): boolean {
  return failure.httpStatus === 0 || retryable(failure.httpStatus);
}
