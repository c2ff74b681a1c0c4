// Reads and checks the `Idempotency-Key` header and fingerprints the request it guards. A key is
// 1–255 printable ASCII characters; it is an opaque value stored as a string (never a query
// operator, never a path). The fingerprint covers the phone number and the parsed body, so the
// same key on another number or with another body is a mismatch.
import { createHash } from "node:crypto";
import { invalidParameter } from "../graph/graph-errors.ts";

const PRINTABLE_ASCII = /^[\x20-\x7E]{1,255}$/;

export const IDEMPOTENCY_HEADER = "idempotency-key";

export function idempotencyKeyOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !PRINTABLE_ASCII.test(value)) {
    throw invalidParameter("Idempotency-Key must be 1 to 255 printable ASCII characters");
  }
  return value;
}

export function requestFingerprint(phoneNumberId: string, body: unknown): string {
  return createHash("sha256").update(phoneNumberId).update("\n").update(JSON.stringify(body)).digest("hex");
}
