// Meta's subscription handshake, performed against a business's callback URL before we store it:
// GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=<random>, and the endpoint must answer
// 200 with exactly the challenge. Proves the business controls the URL and knows the token. Never
// throws; never follows redirects.
import { randomBytes } from "node:crypto";

export type HandshakeOutcome = { ok: true } | { ok: false; reason: string };

export type CallbackHandshake = (callbackUrl: string, verifyToken: string) => Promise<HandshakeOutcome>;

export function createFetchHandshake(options: { timeoutMs: number }): CallbackHandshake {
  return async (callbackUrl, verifyToken) => {
    const challenge = String(randomBytes(6).readUIntBE(0, 6));
    const url = new URL(callbackUrl);
    url.searchParams.set("hub.mode", "subscribe");
    url.searchParams.set("hub.verify_token", verifyToken);
    url.searchParams.set("hub.challenge", challenge);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs) });
      const text = (await response.text()).slice(0, 1024).trim();
      if (response.status !== 200) return { ok: false, reason: `HTTP Status Code = ${response.status}` };
      if (text !== challenge)
        return { ok: false, reason: "The URL couldn't be validated. Response does not match challenge" };
      return { ok: true };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
      return { ok: false, reason: `The URL couldn't be reached${cause ? ` (${cause.slice(0, 200)})` : ""}` };
    }
  };
}
