// Verifies Meta's `X-Hub-Signature-256` header: "sha256=" + hex HMAC-SHA256 of the raw request
// bytes keyed with the app secret. Compares in constant time and never parses the body first, so
// an unsigned or tampered body is rejected before any of it is interpreted.
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

export function signBody(rawBody: Uint8Array, appSecret: string): string {
  return `${PREFIX}${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function signatureIsValid(rawBody: Uint8Array, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (!HEX_DIGEST.test(given)) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, "hex"), expected);
}
