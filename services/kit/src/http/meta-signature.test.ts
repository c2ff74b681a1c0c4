import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { metaSignatureMatches, signMetaBody } from "./meta-signature.ts";

const secret = "app-secret-for-tests";
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const hex = (key: string, bytes: Uint8Array) => createHmac("sha256", key).update(bytes).digest("hex");

describe("X-Hub-Signature-256 signing", () => {
  it("is the hex HMAC-SHA256 of the exact bytes with the app secret", () => {
    // RFC 4231-style known vector for HMAC-SHA256.
    const fox = Buffer.from("The quick brown fox jumps over the lazy dog");
    expect(signMetaBody(fox, "key")).toBe("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });

  it("signs a string as its UTF-8 bytes", () => {
    const text = '{"text":{"body":"Grüße 👋"}}';
    expect(signMetaBody(text, secret)).toBe(signMetaBody(Buffer.from(text, "utf8"), secret));
  });
});

describe("X-Hub-Signature-256 verification", () => {
  it("accepts the HMAC-SHA256 of the raw body with the app secret", () => {
    expect(metaSignatureMatches(body, `sha256=${hex(secret, body)}`, secret)).toBe(true);
    expect(metaSignatureMatches(body, signMetaBody(body, secret), secret)).toBe(true);
  });

  it("verifies only the same bytes under the same secret", () => {
    const bytes = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    const header = signMetaBody(bytes, "app-secret-1");
    expect(metaSignatureMatches(bytes, header, "app-secret-1")).toBe(true);
    expect(metaSignatureMatches(bytes, header, "app-secret-2")).toBe(false);
    expect(metaSignatureMatches(Buffer.from(`${bytes.toString()} `), header, "app-secret-1")).toBe(false);
    expect(metaSignatureMatches(bytes, undefined, "app-secret-1")).toBe(false);
    expect(metaSignatureMatches(bytes, "sha256=00", "app-secret-1")).toBe(false);
  });

  it("accepts upper-case hex digits", () => {
    expect(metaSignatureMatches(body, `sha256=${hex(secret, body).toUpperCase()}`, secret)).toBe(true);
  });

  it("rejects a signature made with another secret", () => {
    expect(metaSignatureMatches(body, `sha256=${hex("other-secret", body)}`, secret)).toBe(false);
  });

  it("rejects a missing or empty header", () => {
    expect(metaSignatureMatches(body, undefined, secret)).toBe(false);
    expect(metaSignatureMatches(body, "", secret)).toBe(false);
    expect(metaSignatureMatches(body, "sha256=", secret)).toBe(false);
  });

  it("rejects a body changed after signing, even by one byte or by re-serialising", () => {
    const signature = signMetaBody(body, secret);
    const tampered = Buffer.from(body);
    tampered[tampered.length - 2] = "}".charCodeAt(0);
    expect(metaSignatureMatches(tampered, signature, secret)).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(metaSignatureMatches(reserialised, signature, secret)).toBe(false);
  });

  it("rejects a wrong prefix or a digest of the wrong algorithm or length", () => {
    const digest = hex(secret, body);
    expect(metaSignatureMatches(body, `sha1=${digest}`, secret)).toBe(false);
    expect(metaSignatureMatches(body, digest, secret)).toBe(false);
    expect(metaSignatureMatches(body, `SHA256=${digest}`, secret)).toBe(false);
    expect(metaSignatureMatches(body, `sha256=${digest.slice(0, 40)}`, secret)).toBe(false);
    expect(metaSignatureMatches(body, `sha256=${digest}00`, secret)).toBe(false);
    expect(metaSignatureMatches(body, `sha256=${"z".repeat(64)}`, secret)).toBe(false);
  });
});
