// Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the exact body bytes,
// keyed with the app secret>`. Signing must use the bytes that go on the wire, never a re-serialised
// object; verification compares in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-hub-signature-256";

export function signatureOf(body: Uint8Array, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

/** What a receiver does: true when `header` is the signature of `body` under `appSecret`. */
export function signatureMatches(body: Uint8Array, appSecret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureOf(body, appSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
