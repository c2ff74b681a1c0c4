// Webhook bodies spelled as Meta spells them: ASCII-only bytes, so X-Hub-Signature-256 verifies
// both over the raw bytes and over a receiver's re-serialisation of the parsed body.
import { createHmac } from "node:crypto";
import type { InboundMessageReceived } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { describe, expect, it } from "vitest";
import { inboundChange } from "./graph-change.ts";
import { escapeNonAscii } from "./meta-json.ts";
import { webhookBody } from "./webhook-body.ts";

const APP_SECRET = "app-secret-of-the-business";
const metadata = { display_phone_number: "15550783881", phone_number_id: "106540352242922" };

/** What a receiver computes: the hex HMAC-SHA256 of the bytes it hashes. */
const hmac = (bytes: Uint8Array | string) => `sha256=${createHmac("sha256", APP_SECRET).update(bytes).digest("hex")}`;

/**
 * A receiver that re-serialises what it parsed the way Meta documents it (the common Node recipe:
 * `JSON.stringify`, then every code unit above 0x7E as `\uXXXX` in lowercase hex), written here
 * code point by code point so it does not share the implementation under test.
 */
function reserialised(raw: Buffer): string {
  let out = "";
  for (const char of JSON.stringify(JSON.parse(raw.toString("utf8")))) {
    const point = char.codePointAt(0) ?? 0;
    if (point <= 0x7e) out += char;
    else if (point <= 0xffff) out += `\\u${point.toString(16).padStart(4, "0")}`;
    else {
      const high = 0xd800 + ((point - 0x10000) >> 10);
      const low = 0xdc00 + ((point - 0x10000) & 0x3ff);
      out += `\\u${high.toString(16)}\\u${low.toString(16)}`;
    }
  }
  return out;
}

describe("Meta's JSON spelling", () => {
  it("escapes every character above 0x7E in lowercase hex, emoji as surrogate pairs", () => {
    expect(escapeNonAscii(JSON.stringify({ text: "olá 👋 ~/\u007f€" }))).toBe(
      '{"text":"ol\\u00e1 \\ud83d\\udc4b ~/\\u007f\\u20ac"}',
    );
  });

  it("changes no value: the escaped text parses back to the same object", () => {
    const value = { a: "Zoë – 日本語 🇧🇷", b: ["\u2028", "\\u00e1 stays literal"], c: 1.5 };
    expect(JSON.parse(escapeNonAscii(JSON.stringify(value)))).toEqual(value);
  });
});

describe("a business webhook with a non-ASCII message body", () => {
  const event: InboundMessageReceived = {
    thread: {
      tenantId: "tn_a",
      businessId: "419561257915477",
      phoneNumberId: metadata.phone_number_id,
      customerId: "16505551234",
      customerWaId: "16505551234",
    },
    messageId: "wamid.non-ascii",
    type: "text",
    messageJson: JSON.stringify({ profile: { name: "Zoë" }, text: { body: "olá 👋" } }),
    sentAtMs: 1_749_416_383_000,
    receivedAtMs: 1_749_416_384_000,
    hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
    contactJson: "",
  };
  // As the delivery path builds it: changes serialised at intake, the envelope at delivery.
  const raw = webhookBody("419561257915477", [JSON.stringify(inboundChange(event, metadata))]);

  it("goes on the wire as ASCII, the text escaped as Meta escapes it", () => {
    expect([...raw].every((byte) => byte <= 0x7e)).toBe(true);
    expect(raw.toString()).toContain('"text":{"body":"ol\\u00e1 \\ud83d\\udc4b"}');
    expect(JSON.parse(raw.toString())).toMatchObject({
      entry: [{ changes: [{ value: { messages: [{ text: { body: "olá 👋" } }] } }] }],
    });
  });

  it("verifies both over the raw bytes and over a receiver's re-serialisation of the parsed body", () => {
    // The sender signs the bytes it posts; a raw-bytes receiver hashes exactly those.
    const signature = hmac(raw);
    const again = reserialised(raw);
    expect(again).toBe(raw.toString("latin1"));
    expect(hmac(again)).toBe(signature);
  });
});
