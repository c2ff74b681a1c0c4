// Encryption at rest of the secrets ingress keeps: the credentials it reaches Meta with for a
// business (system-user token, app secret) and the app secret and verify token a business gave
// for its own webhooks. Envelope encryption (secrets/envelope.ts): a data key per value, wrapped by
// the key ring's current key (SECRETS_KEYS; or UPSTREAM_CREDENTIALS_KEY alone, as kid `upstream`),
// with the owner and the field as associated data, so a value copied elsewhere does not open.
// Values sealed before envelopes (`v1.…`, straight under UPSTREAM_CREDENTIALS_KEY) still open;
// `needsReseal` tells a store to seal them again, as it does values under a retired kid.
// Plaintexts are never logged.
import { createDecipheriv } from "node:crypto";
import { decodeRecord, encodeRecord, openRecord, sealRecord } from "../secrets/envelope.ts";
import { createConfigKeyRing, type KeyRing, parseSecretsKeys } from "../secrets/key-ring.ts";

export type SealedField = "system_user_token" | "app_secret" | "webhook_app_secret" | "webhook_verify_token";

export interface SealContext {
  tenantId: string;
  businessId: string;
  field: SealedField;
}

export interface CredentialSealer {
  seal(plaintext: string, context: SealContext): string;
  /** Throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: SealContext): string;
  /** True when the value opens but is not sealed under the current key (legacy v1, retired kid). */
  needsReseal(sealed: string): boolean;
}

const aadOf = (c: SealContext) => Buffer.from(`${c.tenantId}|${c.businessId}|${c.field}`);
export const LEGACY_KID = "upstream";

/** The key as configured: base64 (or base64url) of exactly 32 bytes. */
export function credentialKeyOf(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("credentials key must be 32 bytes, base64-encoded");
  return key;
}

function openV1(key: Buffer, sealed: string, context: SealContext): string {
  const [, iv, tag, body] = sealed.split(".");
  if (iv === undefined || tag === undefined || body === undefined) throw new Error("not a sealed credential");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"))
    .setAAD(aadOf(context))
    .setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * A sealer over a key ring (or one key, as kid `upstream`). `legacyKey` opens the `v1.…` values
 * sealed before envelope encryption (UPSTREAM_CREDENTIALS_KEY).
 */
export function createCredentialSealer(keys: Buffer | KeyRing, legacyKey?: Buffer): CredentialSealer {
  if (Buffer.isBuffer(keys) && keys.length !== 32) throw new Error("credentials key must be 32 bytes");
  const ring = Buffer.isBuffer(keys) ? createConfigKeyRing([{ kid: LEGACY_KID, key: keys }]) : keys;
  const v1Key = legacyKey ?? (Buffer.isBuffer(keys) ? keys : undefined);
  return {
    seal: (plaintext, context) => encodeRecord(sealRecord(ring, plaintext, aadOf(context))),
    open(sealed, context) {
      if (sealed.startsWith("v1.") && v1Key) return openV1(v1Key, sealed, context);
      const record = decodeRecord(sealed);
      if (!record) throw new Error("not a sealed credential");
      return openRecord(ring, record, aadOf(context));
    },
    needsReseal(sealed) {
      const record = decodeRecord(sealed);
      return record === undefined || record.kid !== ring.currentKid;
    },
  };
}

/** The installation's sealer, when it configured keys (without any, no credentials are kept). */
export function credentialSealerOf(config: {
  SECRETS_KEYS?: string | undefined;
  UPSTREAM_CREDENTIALS_KEY?: string | undefined;
}): CredentialSealer | undefined {
  const legacy =
    config.UPSTREAM_CREDENTIALS_KEY === undefined ? undefined : credentialKeyOf(config.UPSTREAM_CREDENTIALS_KEY);
  if (config.SECRETS_KEYS !== undefined) {
    // The old single key stays able to open what it sealed under either format until re-sealed.
    const keys = parseSecretsKeys(config.SECRETS_KEYS);
    const ring = createConfigKeyRing(
      legacy && !keys.some((k) => k.kid === LEGACY_KID) ? [...keys, { kid: LEGACY_KID, key: legacy }] : keys,
    );
    return createCredentialSealer(ring, legacy);
  }
  return legacy === undefined ? undefined : createCredentialSealer(legacy);
}
