// Envelope encryption of one secret: a fresh AES-256-GCM data key per value encrypts it, and the
// key ring's current key-encryption key wraps that data key. Both layers bind the same associated
// data (who owns the value and which field it is), so a sealed value copied onto another record or
// field does not open. The record is {kid, wrappedKey, iv, tag, ciphertext}; stored as one string
// `v2.<kid>.<wrappedKey>.<iv>.<tag>.<ciphertext>` (base64url parts) so existing string fields keep it.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./key-ring.ts";

export interface SealedRecord {
  kid: string;
  wrappedKey: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const VERSION = "v2";

export function sealRecord(ring: KeyRing, plaintext: string, aad: Buffer): SealedRecord {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, iv).setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const wrapped = ring.wrap(dataKey, aad);
  dataKey.fill(0);
  return {
    ...wrapped,
    iv: iv.toString("base64url"),
    tag: cipher.getAuthTag().toString("base64url"),
    ciphertext: body.toString("base64url"),
  };
}

export function openRecord(ring: KeyRing, record: SealedRecord, aad: Buffer): string {
  const dataKey = ring.unwrap(record, aad);
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(record.iv, "base64url"))
      .setAAD(aad)
      .setAuthTag(Buffer.from(record.tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(record.ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } finally {
    dataKey.fill(0);
  }
}

export function encodeRecord(record: SealedRecord): string {
  return [VERSION, record.kid, record.wrappedKey, record.iv, record.tag, record.ciphertext].join(".");
}

/** The record in a stored string, or undefined when the string is not a v2 record. */
export function decodeRecord(stored: string): SealedRecord | undefined {
  const [version, kid, wrappedKey, iv, tag, ciphertext, ...rest] = stored.split(".");
  if (version !== VERSION || rest.length > 0) return undefined;
  if (!kid || !wrappedKey || !iv || !tag || ciphertext === undefined) return undefined;
  return { kid, wrappedKey, iv, tag, ciphertext };
}
