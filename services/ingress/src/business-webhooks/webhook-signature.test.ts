import { describe, expect, it } from "vitest";
import { signatureMatches, signatureOf } from "./webhook-signature.ts";

describe("X-Hub-Signature-256", () => {
  it("is the hex HMAC-SHA256 of the exact bytes with the app secret", () => {
    // RFC 4231-style known vector for HMAC-SHA256.
    const body = Buffer.from("The quick brown fox jumps over the lazy dog");
    expect(signatureOf(body, "key")).toBe("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });

  it("verifies only the same bytes under the same secret", () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    const header = signatureOf(body, "app-secret-1");
    expect(signatureMatches(body, "app-secret-1", header)).toBe(true);
    expect(signatureMatches(body, "app-secret-2", header)).toBe(false);
    expect(signatureMatches(Buffer.from(`${body.toString()} `), "app-secret-1", header)).toBe(false);
    expect(signatureMatches(body, "app-secret-1", undefined)).toBe(false);
    expect(signatureMatches(body, "app-secret-1", "sha256=00")).toBe(false);
  });
});
