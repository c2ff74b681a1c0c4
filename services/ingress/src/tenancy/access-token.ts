// Business access tokens: random, shown once at issue, stored only as a SHA-256 hash. A leaked
// database therefore leaks no usable token. Hashing is fast on purpose: tokens carry 256 bits of
// entropy, so no password-style stretching is needed and every request can afford the lookup.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "sbt_";

export function issueAccessToken(): { token: string; hash: string } {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashAccessToken(token) };
}

export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time comparison for the operator's admin token. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
