import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureIsValid, signBody } from "./webhook-signature.ts";

const secret = "app-secret-for-tests";
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const hex = (key: string, bytes: Uint8Array) => createHmac("sha256", key).update(bytes).digest("hex");

describe("X-Hub-Signature-256 verification", () => {
  it("accepts the HMAC-SHA256 of the raw body with the app secret", () => {
    expect(signatureIsValid(body, `sha256=${hex(secret, body)}`, secret)).toBe(true);
    expect(signatureIsValid(body, signBody(body, secret), secret)).toBe(true);
  });

  it("accepts upper-case hex digits", () => {
    expect(signatureIsValid(body, `sha256=${hex(secret, body).toUpperCase()}`, secret)).toBe(true);
  });

  it("rejects a signature made with another secret", () => {
    expect(signatureIsValid(body, `sha256=${hex("other-secret", body)}`, secret)).toBe(false);
  });

  it("rejects a missing or empty header", () => {
    expect(signatureIsValid(body, undefined, secret)).toBe(false);
    expect(signatureIsValid(body, "", secret)).toBe(false);
    expect(signatureIsValid(body, "sha256=", secret)).toBe(false);
  });

  it("rejects a body changed after signing, even by one byte or by re-serialising", () => {
    const signature = signBody(body, secret);
    const tampered = Buffer.from(body);
    tampered[tampered.length - 2] = "}".charCodeAt(0);
    expect(signatureIsValid(tampered, signature, secret)).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(signatureIsValid(reserialised, signature, secret)).toBe(false);
  });

  it("rejects a wrong prefix or a digest of the wrong algorithm or length", () => {
    const digest = hex(secret, body);
    expect(signatureIsValid(body, `sha1=${digest}`, secret)).toBe(false);
    expect(signatureIsValid(body, digest, secret)).toBe(false);
    expect(signatureIsValid(body, `SHA256=${digest}`, secret)).toBe(false);
    expect(signatureIsValid(body, `sha256=${digest.slice(0, 40)}`, secret)).toBe(false);
    expect(signatureIsValid(body, `sha256=${digest}00`, secret)).toBe(false);
    expect(signatureIsValid(body, `sha256=${"z".repeat(64)}`, secret)).toBe(false);
  });
});
