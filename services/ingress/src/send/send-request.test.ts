import { describe, expect, it } from "vitest";
import {
  DROP,
  graphErrorOf,
  MARK_READ,
  MARK_READ_TYPING,
  RECIPIENT,
  REPLY_TO,
  VALID_MESSAGES,
  variant,
} from "../../test/support/send-request-fixtures.ts";
import { parseSendRequest } from "./send-request.ts";

const V = VALID_MESSAGES;

describe("send request validation: every message type", () => {
  it.each(Object.entries(V))("accepts %s", (_name, body) => {
    const parsed = parseSendRequest(body);
    expect(parsed.kind).toBe("message");
    if (parsed.kind !== "message") return;
    expect(parsed.type).toBe(body.type);
    expect(parsed.to).toBe(RECIPIENT);
  });

  it("treats a missing type as text, like Meta", () => {
    const { type: _omit, ...withoutType } = V.text;
    expect(parseSendRequest(withoutType)).toMatchObject({ kind: "message", type: "text" });
  });

  it("carries the reply context and the callback data", () => {
    expect(parseSendRequest(V["text reply with callback data"])).toMatchObject({
      contextMessageId: REPLY_TO,
      bizOpaqueCallbackData: "order-42",
    });
  });

  it("names the products of commerce messages; catalog messages use the number's catalog", () => {
    const products = (body: unknown) => {
      const parsed = parseSendRequest(body);
      return parsed.kind === "message" ? parsed.products : undefined;
    };
    expect(products(V["interactive product"])).toEqual({ catalogId: "700100200300", retailerIds: ["sku-espresso"] });
    expect(products(V["interactive product_list"])).toEqual({
      catalogId: "700100200300",
      retailerIds: ["sku-espresso"],
    });
    expect(products(V["interactive catalog_message"])).toEqual({ catalogId: undefined, retailerIds: ["sku-espresso"] });
    expect(products(V.text)).toBeUndefined();
  });

  it("takes callback data of Meta's full 512 characters, even one that merely mentions our prefix", () => {
    for (const value of [long(512), `order ~sb1:6:wamid.x`]) {
      expect(parseSendRequest(variant(V.text, "biz_opaque_callback_data", value))).toMatchObject({
        bizOpaqueCallbackData: value,
      });
    }
  });

  it("parses mark-read with and without a typing indicator", () => {
    expect(parseSendRequest(MARK_READ)).toEqual({ kind: "read", messageId: REPLY_TO, typingIndicator: false });
    expect(parseSendRequest(MARK_READ_TYPING)).toEqual({ kind: "read", messageId: REPLY_TO, typingIndicator: true });
  });
});

const long = (n: number) => "x".repeat(n);

// [what, body, Graph code, a piece of the details naming the field]
const INVALID: [string, unknown, number, string][] = [
  ["text without text", variant(V.text, "text", DROP), 131008, "text"],
  ["text without body", variant(V.text, "text.body", DROP), 131008, "text.body"],
  ["text body over 4096", variant(V.text, "text.body", long(4097)), 131009, "text.body"],
  ["text body not a string", variant(V.text, "text.body", 42), 131009, "text.body"],
  ["missing to", variant(V.text, "to", DROP), 131008, "to"],
  ["to not a number", variant(V.text, "to", "call me"), 131009, "to"],
  ["wrong messaging_product", variant(V.text, "messaging_product", "sms"), 131009, "messaging_product"],
  ["image without id or link", variant(V["image by id"], "image.id", DROP), 131008, "image"],
  ["image with id and link", variant(V["image by id"], "image.link", "https://a.test/x.jpg"), 131009, "image"],
  ["image caption over 1024", variant(V["image by id"], "image.caption", long(1025)), 131009, "image.caption"],
  ["image link not http", variant(V["image by link"], "image.link", "file:///etc/passwd"), 131009, "image.link"],
  ["video link javascript:", variant(V.video, "video.link", "javascript:alert(1)"), 131009, "video.link"],
  ["document without document", variant(V.document, "document", DROP), 131008, "document"],
  ["audio id with path", variant(V.audio, "audio.id", "../../etc/passwd"), 131009, "audio.id"],
  ["sticker id as operator", variant(V["sticker by id"], "sticker.id", { $ne: null }), 131009, "sticker.id"],
  ["location latitude 91", variant(V.location, "location.latitude", 91), 131009, "location.latitude"],
  ["location without longitude", variant(V.location, "location.longitude", DROP), 131008, "longitude"],
  ["contacts empty", variant(V.contacts, "contacts", []), 131009, "contacts"],
  ["contact without name", variant(V.contacts, "contacts.0.name", DROP), 131008, "contacts.0.name"],
  ["contact bad email", variant(V.contacts, "contacts.0.emails.0.email", "nope"), 131009, "email"],
  ["reaction without message_id", variant(V.reaction, "reaction.message_id", DROP), 131008, "message_id"],
  ["reaction message_id operator", variant(V.reaction, "reaction.message_id", { $ne: null }), 131009, "message_id"],
  ["reaction emoji as text", variant(V.reaction, "reaction.emoji", "hello"), 131009, "reaction.emoji"],
  ["context id with path", variant(V.text, "context", { message_id: "wamid.../../x" }), 131009, "context"],
  [
    "callback data over 512",
    variant(V.text, "biz_opaque_callback_data", long(513)),
    131009,
    "biz_opaque_callback_data",
  ],
  [
    "callback data in the platform's reserved wrapper",
    variant(V.text, "biz_opaque_callback_data", "~sb1:6:wamid.order-42"),
    131009,
    "biz_opaque_callback_data",
  ],
  [
    "4 reply buttons",
    variant(V["interactive button"], "interactive.action.buttons", [
      ...V["interactive button"].interactive.action.buttons,
      { type: "reply", reply: { id: "a", title: "A" } },
      { type: "reply", reply: { id: "b", title: "B" } },
    ]),
    131009,
    "interactive.action.buttons",
  ],
  [
    "button title over 20",
    variant(V["interactive button"], "interactive.action.buttons.0.reply.title", long(21)),
    131009,
    "title",
  ],
  [
    "duplicate button titles",
    variant(V["interactive button"], "interactive.action.buttons.1.reply.title", "Keep it"),
    131009,
    "unique",
  ],
  ["button without body", variant(V["interactive button"], "interactive.body", DROP), 131008, "interactive.body"],
  ["header text over 60", variant(V["interactive button"], "interactive.header.text", long(61)), 131009, "header.text"],
  ["footer over 60", variant(V["interactive button"], "interactive.footer.text", long(61)), 131009, "footer"],
  [
    "list with 11 rows in total",
    variant(
      V["interactive list"],
      "interactive.action.sections.1.rows",
      Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })),
    ),
    131009,
    "10 rows",
  ],
  [
    "list button over 20",
    variant(V["interactive list"], "interactive.action.button", long(21)),
    131009,
    "action.button",
  ],
  [
    "list row title over 24",
    variant(V["interactive list"], "interactive.action.sections.0.rows.0.title", long(25)),
    131009,
    "title",
  ],
  [
    "product without retailer id",
    variant(V["interactive product"], "interactive.action.product_retailer_id", DROP),
    131008,
    "product_retailer_id",
  ],
  [
    "product catalog id not numeric",
    variant(V["interactive product"], "interactive.action.catalog_id", "../cat"),
    131009,
    "catalog_id",
  ],
  ["product_list without header", variant(V["interactive product_list"], "interactive.header", DROP), 131008, "header"],
  [
    "catalog_message without thumbnail",
    variant(V["interactive catalog_message"], "interactive.action.parameters.thumbnail_product_retailer_id", DROP),
    131008,
    "thumbnail",
  ],
  [
    "flow without id or name",
    variant(V["interactive flow"], "interactive.action.parameters.flow_id", DROP),
    131008,
    "flow_id or flow_name",
  ],
  [
    "flow version 2",
    variant(V["interactive flow"], "interactive.action.parameters.flow_message_version", "2"),
    131009,
    "flow_message_version",
  ],
  ["cta_url bad url", variant(V["interactive cta_url"], "interactive.action.parameters.url", "ftp://x"), 131009, "url"],
  [
    "cta_url label over 20",
    variant(V["interactive cta_url"], "interactive.action.parameters.display_text", long(21)),
    131009,
    "display_text",
  ],
  ["template without name", variant(V.template, "template.name", DROP), 131008, "template.name"],
  ["template name injection", variant(V.template, "template.name", "x'; drop"), 131009, "template.name"],
  ["template bad language", variant(V.template, "template.language.code", "english!"), 131009, "language.code"],
  [
    "template unknown parameter type",
    variant(V.template, "template.components.1.parameters.0.type", "hologram"),
    131009,
    "parameters",
  ],
  ["text with control characters", variant(V.text, "text.body", "hi\u0000there"), 131009, "text.body"],
  [
    "button id with bidi override",
    variant(V["interactive button"], "interactive.action.buttons.0.reply.id", "ok\u202Eevil"),
    131009,
    "reply.id",
  ],
  ["very long recipient", variant(V.text, "to", "1".repeat(10_000)), 131009, "to"],
  ["mark-read without message_id", variant(MARK_READ, "message_id", DROP), 131008, "message_id"],
  ["mark-read other status", variant(MARK_READ, "status", "delivered"), 131009, "status"],
  [
    "typing indicator of other type",
    variant(MARK_READ_TYPING, "typing_indicator.type", "audio"),
    131009,
    "typing_indicator",
  ],
];

describe("send request validation: refusals in Meta's codes", () => {
  it.each(INVALID)("%s → %i", (_what, body, code, field) => {
    const error = graphErrorOf(body);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(400);
    expect(error.details).toContain(field);
  });

  it("answers 100 for an unsupported type, interactive type, or a body that is not an object", () => {
    expect(graphErrorOf({ ...V.text, type: "hologram" }).code).toBe(100);
    expect(graphErrorOf({ ...V.text, type: { $ne: null } }).code).toBe(100);
    expect(graphErrorOf(variant(V["interactive flow"], "interactive.type", "hologram")).code).toBe(100);
    expect(graphErrorOf([V.text]).code).toBe(100);
    expect(graphErrorOf(null).code).toBe(100);
    expect(graphErrorOf("text").code).toBe(100);
  });

  it("never echoes a submitted value in the details", () => {
    const error = graphErrorOf(variant(V.text, "to", "<script>alert(1)</script>"));
    expect(error.details).not.toContain("script");
    expect(error.message).not.toContain("script");
  });
});
