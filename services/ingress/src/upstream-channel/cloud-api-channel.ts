// Cloud API adapter of the UpstreamChannel: posts the business's validated Graph body to
// `{baseUrl}/{version}/{phone_number_id}/messages` with the configured token. 429 and 5xx (and
// unreachable upstreams) are retried with exponential backoff and jitter, honouring Retry-After;
// other errors are not retried and come back as Meta's error. The token is never logged.
import { failureFromGraphBody, unreachableFailure } from "./meta-error.ts";
import { type BackoffPolicy, retryAfterMs, retryDelayMs } from "./retry-delay.ts";
import type { SendResult, UpstreamChannel, UpstreamFailure } from "./upstream-channel.ts";

export interface CloudApiOptions {
  baseUrl: string;
  apiVersion: string;
  accessToken: string;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const retryable = (status: number) => status === 429 || status >= 500;

export function createCloudApiChannel(options: CloudApiOptions): UpstreamChannel {
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");

  return {
    async send(message): Promise<SendResult> {
      const url = `${base}/${options.apiVersion}/${encodeURIComponent(message.thread.phoneNumberId)}/messages`;
      let last: UpstreamFailure = unreachableFailure("no attempt made");
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let retryAfter: number | undefined;
        try {
          const response = await doFetch(url, {
            method: "POST",
            headers: { authorization: `Bearer ${options.accessToken}`, "content-type": "application/json" },
            body: message.bodyJson,
            signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000),
          });
          const body: unknown = await response.json().catch(() => undefined);
          if (response.ok) {
            const id = (body as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
            if (typeof id === "string") return { ok: true, upstreamMessageId: id };
            return { ok: false, failure: failureFromGraphBody(undefined, response.status) };
          }
          last = failureFromGraphBody(body, response.status);
          if (!retryable(response.status)) return { ok: false, failure: last };
          retryAfter = retryAfterMs(response.headers.get("retry-after"), Date.now());
        } catch (error) {
          last = unreachableFailure(error);
        }
        if (attempt < maxAttempts) await sleep(retryDelayMs(attempt, backoff, random(), retryAfter));
      }
      return { ok: false, failure: last };
    },
  };
}
