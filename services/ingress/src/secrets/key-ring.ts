// The KeyRing port: the key-encryption keys (KEKs) that wrap each record's own data key. The first
// key encrypts; every key decrypts, so a rotation adds a new key in front and keeps the old ones
// until every record has been re-sealed (lazily, on its next read or write). A KMS adapter would
// implement the same two calls remotely; this one holds the keys from config (SECRETS_KEYS).
// Never logs or returns a key.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface WrappedKey {
  kid: string;
  /** iv (12) ‖ tag (16) ‖ wrapped data key (32), base64url. */
  wrappedKey: string;
}

export interface KeyRing {
  /** The kid new records are sealed under. */
  readonly currentKid: string;
  has(kid: string): boolean;
  wrap(dataKey: Buffer, aad: Buffer): WrappedKey;
  /** Throws when the kid is unknown or the wrapped key was altered or bound to other data. */
  unwrap(wrapped: WrappedKey, aad: Buffer): Buffer;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;

/** `kid:base64,kid:base64,…`, each key exactly 32 bytes; the first one encrypts. */
export function parseSecretsKeys(encoded: string): Array<{ kid: string; key: Buffer }> {
  const entries = encoded
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(":");
      const kid = part.slice(0, colon);
      const key = Buffer.from(part.slice(colon + 1), "base64");
      if (colon <= 0 || !KID.test(kid))
        throw new Error("each key must be kid:base64 with a kid of [A-Za-z0-9_-]{1,32}");
      if (key.length !== 32) throw new Error(`key ${kid} must be 32 bytes, base64-encoded`);
      return { kid, key };
    });
  if (entries.length === 0) throw new Error("at least one key is required");
  if (new Set(entries.map((e) => e.kid)).size !== entries.length) throw new Error("kids must be distinct");
  return entries;
}

export function createConfigKeyRing(keys: ReadonlyArray<{ kid: string; key: Buffer }>): KeyRing {
  const first = keys[0];
  if (!first) throw new Error("a key ring needs at least one key");
  const byKid = new Map(keys.map(({ kid, key }) => [kid, key]));
  const keyOf = (kid: string) => {
    const key = byKid.get(kid);
    if (!key) throw new Error(`no key-encryption key ${kid}`);
    return key;
  };
  return {
    currentKid: first.kid,
    has: (kid) => byKid.has(kid),
    wrap(dataKey, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", first.key, iv).setAAD(aad);
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return { kid: first.kid, wrappedKey: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url") };
    },
    unwrap(wrapped, aad) {
      const raw = Buffer.from(wrapped.wrappedKey, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", keyOf(wrapped.kid), raw.subarray(0, 12))
        .setAAD(aad)
        .setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    },
  };
}
