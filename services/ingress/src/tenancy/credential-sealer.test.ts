// The credential sealer: a sealed value opens only under its key and its own business and field,
// never holds the plaintext, and an altered value is refused.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCredentialSealer, credentialKeyOf } from "./credential-sealer.ts";

const context = { tenantId: "tn_1", businessId: "102290129340398", field: "system_user_token" } as const;

describe("credential sealer", () => {
  it("opens what it sealed, and seals the same value differently each time", () => {
    const sealer = createCredentialSealer(randomBytes(32));
    const sealed = sealer.seal("EAAG-secret-token", context);
    expect(sealed).not.toContain("EAAG-secret-token");
    expect(sealer.seal("EAAG-secret-token", context)).not.toBe(sealed);
    expect(sealer.open(sealed, context)).toBe("EAAG-secret-token");
  });

  it("refuses another key, another business or field, and an altered value", () => {
    const sealer = createCredentialSealer(randomBytes(32));
    const sealed = sealer.seal("EAAG-secret-token", context);
    expect(() => createCredentialSealer(randomBytes(32)).open(sealed, context)).toThrow();
    expect(() => sealer.open(sealed, { ...context, businessId: "999" })).toThrow();
    expect(() => sealer.open(sealed, { ...context, field: "app_secret" })).toThrow();
    const [version, iv, tag, body] = sealed.split(".");
    const flipped = `${body?.startsWith("A") ? "B" : "A"}${body?.slice(1)}`;
    expect(() => sealer.open([version, iv, tag, flipped].join("."), context)).toThrow();
    expect(() => sealer.open("plain", context)).toThrow();
  });

  it("takes only a 32-byte key", () => {
    expect(credentialKeyOf(randomBytes(32).toString("base64"))).toHaveLength(32);
    expect(() => credentialKeyOf(randomBytes(16).toString("base64"))).toThrow();
  });
});
