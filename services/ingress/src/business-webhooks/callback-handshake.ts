// Meta's subscription handshake, performed against a business's callback URL before we store it:
// GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=<random>, and the endpoint must answer
// 200 with exactly the challenge. Proves the business controls the URL and knows the token. Never
// throws; never follows redirects; goes through the outbound client (address policy, bounded
// answer), and its reasons, shown to the business, name no address or system error.
import { randomBytes } from "node:crypto";
import type { OutboundHttp } from "../outbound/outbound-http.ts";

export type HandshakeOutcome = { ok: true } | { ok: false; reason: string };

export type CallbackHandshake = (callbackUrl: string, verifyToken: string) => Promise<HandshakeOutcome>;

/** A challenge answer is a dozen digits; anything much longer is not one. */
const MAX_ANSWER_BYTES = 1024;

export function createCallbackHandshake(options: { http: OutboundHttp; timeoutMs: number }): CallbackHandshake {
  return async (callbackUrl, verifyToken) => {
    const challenge = String(randomBytes(6).readUIntBE(0, 6));
    const url = new URL(callbackUrl);
    url.searchParams.set("hub.mode", "subscribe");
    url.searchParams.set("hub.verify_token", verifyToken);
    url.searchParams.set("hub.challenge", challenge);
    const result = await options.http({
      url,
      method: "GET",
      timeoutMs: options.timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
      keepBody: true,
    });
    if (!result.ok) return { ok: false, reason: `The URL couldn't be reached (${result.message})` };
    if (result.status !== 200) return { ok: false, reason: `HTTP Status Code = ${result.status}` };
    if (result.body.toString("utf8").trim() !== challenge)
      return { ok: false, reason: "The URL couldn't be validated. Response does not match challenge" };
    return { ok: true };
  };
}
