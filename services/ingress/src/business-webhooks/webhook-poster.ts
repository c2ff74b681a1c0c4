// Sends one signed webhook POST to a business's callback URL and reports whether the business
// acknowledged it (any 2xx, as Meta counts it). Never throws and never follows redirects: a
// failure is a value the worker turns into a retry. It never logs the body.
import { META_SIGNATURE_HEADER, signMetaBody } from "@switchboard/kit";

export type PostOutcome = { ok: true } | { ok: false; error: string };

export type WebhookPoster = (request: { url: string; body: Buffer; appSecret: string }) => Promise<PostOutcome>;

export function createFetchPoster(options: { timeoutMs: number }): WebhookPoster {
  return async ({ url, body, appSecret }) => {
    try {
      const response = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": "Switchboard-Webhooks/1.0",
          [META_SIGNATURE_HEADER]: signMetaBody(body, appSecret),
        },
        body,
      });
      // Drain so the connection can be reused; the business's answer carries no meaning to us.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`.slice(0, 500);
}
