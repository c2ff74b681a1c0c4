// Meta's webhook signature, for both directions: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of
// the exact body bytes, keyed with the app secret>`. Ingress verifies it on Meta's webhooks and
// signs its own webhooks to businesses with it; the load tools sign what they play Meta with.
// Signing must use the bytes that go on the wire, never a re-serialised object; verification
// never parses the body first and compares in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

export const META_SIGNATURE_HEADER = "x-hub-signature-256";

const PREFIX = "sha256=";
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

const digestOf = (body: Uint8Array | string, appSecret: string) =>
  createHmac("sha256", appSecret).update(body).digest();

/** The header value for `body` (a string is signed as its UTF-8 bytes). */
export function signMetaBody(body: Uint8Array | string, appSecret: string): string {
  return `${PREFIX}${digestOf(body, appSecret).toString("hex")}`;
}

/** True when `header` is the signature of exactly these bytes under `appSecret` (hex in either case). */
export function metaSignatureMatches(body: Uint8Array, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (!HEX_DIGEST.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), digestOf(body, appSecret));
}
