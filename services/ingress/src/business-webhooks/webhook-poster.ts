// Sends one signed webhook POST to a business's callback URL and reports whether the business
// acknowledged it (any 2xx, as Meta counts it). Never throws and never follows redirects: a
// failure is a value the worker turns into a retry. It goes through the outbound client, so every
// delivery (not only the registration) is held to the address policy, and the business's answer
// is drained bounded. The error kept on the delivery (and shown to the operator) names no address.
// It never logs the body.
import { META_SIGNATURE_HEADER, signMetaBody } from "@switchboard/kit";
import type { OutboundHttp } from "../outbound/outbound-http.ts";

export type PostOutcome = { ok: true } | { ok: false; error: string };

export type WebhookPoster = (request: { url: string; body: Buffer; appSecret: string }) => Promise<PostOutcome>;

export function createWebhookPoster(options: {
  http: OutboundHttp;
  timeoutMs: number;
  maxResponseBytes: number;
}): WebhookPoster {
  return async ({ url, body, appSecret }) => {
    const result = await options.http({
      url,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Switchboard-Webhooks/1.0",
        [META_SIGNATURE_HEADER]: signMetaBody(body, appSecret),
      },
      body,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      // The business's answer carries no meaning to us: counted and dropped.
      keepBody: false,
    });
    if (!result.ok) return { ok: false, error: result.message };
    return result.status >= 200 && result.status < 300 ? { ok: true } : { ok: false, error: `HTTP ${result.status}` };
  };
}
