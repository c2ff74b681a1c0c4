// Encryption at rest of the credentials ingress keeps to reach Meta for a business (its
// system-user token, its app's secret): AES-256-GCM under the installation's key
// (UPSTREAM_CREDENTIALS_KEY, 32 bytes, base64), with the owning business and the field as
// associated data, so a sealed value copied onto another business or field does not open.
// Sealed values are `v1.<iv>.<tag>.<ciphertext>` (base64url). Plaintexts are never logged.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export type SealedField = "system_user_token" | "app_secret";

export interface SealContext {
  tenantId: string;
  businessId: string;
  field: SealedField;
}

export interface CredentialSealer {
  seal(plaintext: string, context: SealContext): string;
  /** Throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: SealContext): string;
}

const VERSION = "v1";
const aadOf = (c: SealContext) => Buffer.from(`${c.tenantId}|${c.businessId}|${c.field}`);

/** The key as configured: base64 (or base64url) of exactly 32 bytes. */
export function credentialKeyOf(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("credentials key must be 32 bytes, base64-encoded");
  return key;
}

export function createCredentialSealer(key: Buffer): CredentialSealer {
  if (key.length !== 32) throw new Error("credentials key must be 32 bytes");
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aadOf(context));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url"));
      return [VERSION, ...parts].join(".");
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new Error("not a sealed credential");
      }
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"))
        .setAAD(aadOf(context))
        .setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

/** The installation's sealer, when it configured a key (without one, no credentials are kept). */
export function credentialSealerOf(config: {
  UPSTREAM_CREDENTIALS_KEY?: string | undefined;
}): CredentialSealer | undefined {
  const key = config.UPSTREAM_CREDENTIALS_KEY;
  return key === undefined ? undefined : createCredentialSealer(credentialKeyOf(key));
}
