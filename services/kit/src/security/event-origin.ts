// Proof of origin for events that make the platform act outside itself (send to Meta, post to a
// business, erase data): the producing service's bus signs the envelope and the payload with the
// key ring into one header, and a consumer that acts on such an event checks it, so a record
// written straight to a topic by anyone who reaches the broker is never acted on.
// Pure functions: the Kafka adapter calls them per record; no I/O here.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { KeyRing } from "./key-ring.ts";

export const ORIGIN_HEADER = "x-switchboard-origin";
const VERSION = "v1";

/** What the signature covers: the record's envelope attributes, its key and its payload bytes. */
export interface SignedRecord {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/**
 * HMAC over the attributes as one JSON array (self-delimiting, so no field can bleed into the
 * next) followed by the payload bytes: one pass over the payload, no separate digest of it.
 */
function mac(secret: Buffer, record: SignedRecord): Buffer {
  const h = record.headers;
  const attributes = [VERSION, h.ce_type, h.ce_id, h.ce_tenantid, h.ce_source, h.ce_time, record.key];
  return createHmac("sha256", secret)
    .update(JSON.stringify(attributes.map((a) => a ?? "")))
    .update(record.value)
    .digest();
}

/** The header value for a record about to be published (its other headers already set). */
export function signEventOrigin(keys: KeyRing, record: SignedRecord): string {
  return `${VERSION}.${keys.signing.kid}.${mac(keys.signing.secret, record).toString("base64url")}`;
}

/** Why a record's origin is not proven, or undefined when its signature is genuine. */
export function originProblem(keys: KeyRing, record: SignedRecord): string | undefined {
  const header = record.headers[ORIGIN_HEADER];
  if (!header) return "event has no proof of origin";
  const [version, kid, signature, ...rest] = header.split(".");
  if (version !== VERSION || !kid || !signature || rest.length > 0) return "malformed proof of origin";
  const secret = keys.verifying.get(kid);
  if (!secret) return "proof of origin signed with an unknown key";
  const expected = mac(secret, record);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged proof of origin";
  return undefined;
}
