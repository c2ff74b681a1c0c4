// Envelope encryption: every value gets its own data key wrapped under the ring's first key; all
// keys open; a retired key's values are flagged for re-sealing; v1 values still open.
import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCredentialSealer, credentialSealerOf } from "../tenancy/credential-sealer.ts";
import { decodeRecord } from "./envelope.ts";
import { createConfigKeyRing, parseSecretsKeys } from "./key-ring.ts";

const context = { tenantId: "tn_1", businessId: "102290129340398", field: "app_secret" } as const;
const b64 = () => randomBytes(32).toString("base64");

describe("envelope encryption", () => {
  it("stores {kid, wrappedKey, iv, tag, ciphertext} with a fresh data key per value", () => {
    const sealer = credentialSealerOf({ SECRETS_KEYS: `k2:${b64()},k1:${b64()}` });
    const first = decodeRecord(sealer?.seal("s3cret", context) ?? "");
    const second = decodeRecord(sealer?.seal("s3cret", context) ?? "");
    expect(first).toMatchObject({ kid: "k2" });
    expect(Object.keys(first ?? {}).sort()).toEqual(["ciphertext", "iv", "kid", "tag", "wrappedKey"]);
    expect(first?.wrappedKey).not.toBe(second?.wrappedKey);
  });

  it("opens values of every configured kid and flags the retired ones for re-sealing", () => {
    const [oldKey, newKey] = [b64(), b64()];
    const before = credentialSealerOf({ SECRETS_KEYS: `old:${oldKey}` });
    const sealed = before?.seal("s3cret", context) ?? "";
    const rotated = credentialSealerOf({ SECRETS_KEYS: `new:${newKey},old:${oldKey}` });
    expect(rotated?.open(sealed, context)).toBe("s3cret");
    expect(rotated?.needsReseal(sealed)).toBe(true);
    const resealed = rotated?.seal(rotated.open(sealed, context), context) ?? "";
    expect(rotated?.needsReseal(resealed)).toBe(false);
    expect(() => credentialSealerOf({ SECRETS_KEYS: `new:${newKey}` })?.open(sealed, context)).toThrow();
  });

  it("still opens values sealed v1 under UPSTREAM_CREDENTIALS_KEY, and asks to re-seal them", () => {
    const legacy = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", legacy, iv).setAAD(Buffer.from("tn_1|102290129340398|app_secret"));
    const body = Buffer.concat([cipher.update("old-secret"), cipher.final()]);
    const v1 = ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url")));
    const sealer = credentialSealerOf({
      SECRETS_KEYS: `k1:${b64()}`,
      UPSTREAM_CREDENTIALS_KEY: legacy.toString("base64"),
    });
    expect(sealer?.open(v1.join("."), context)).toBe("old-secret");
    expect(sealer?.needsReseal(v1.join("."))).toBe(true);
  });

  it("refuses a wrapped key moved to another record, and malformed key lists", () => {
    const ring = createConfigKeyRing(parseSecretsKeys(`k1:${b64()}`));
    const sealer = createCredentialSealer(ring);
    const sealed = sealer.seal("s3cret", context);
    expect(() => sealer.open(sealed, { ...context, businessId: "1" })).toThrow();
    expect(() => parseSecretsKeys("k1")).toThrow();
    expect(() => parseSecretsKeys(`k1:${randomBytes(16).toString("base64")}`)).toThrow(/32 bytes/);
    expect(() => parseSecretsKeys(`k1:${b64()},k1:${b64()}`)).toThrow(/distinct/);
  });
});
