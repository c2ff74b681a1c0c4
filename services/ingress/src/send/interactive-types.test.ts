// Every interactive type Meta documents is accepted, validated and carried whole: the spec's
// InteractiveObject.type enum, cta_url, carousel, location requests and the Payments API's order
// messages. Refusals use Meta's codes and name the field.
import { describe, expect, it } from "vitest";
import { DROP, graphErrorOf, VALID_MESSAGES, variant } from "../../test/support/send-request-fixtures.ts";
import { INTERACTIVE_FAMILIES } from "./message-types/message-families.ts";
import { parseSendRequest } from "./send-request.ts";

const V = VALID_MESSAGES;

/** `InteractiveObject.type` of Meta's v23.0 OpenAPI spec. */
const SPEC_ENUM = ["button", "call_permission_request", "catalog_message", "list", "product", "product_list", "flow"];
/** Documented on Meta's message pages, not (yet) in the spec's enum. */
const DOCUMENTED = ["cta_url", "carousel", "location_request_message", "order_details", "order_status"];

const NEW_TYPES = [
  "interactive call_permission_request",
  "interactive location_request_message",
  "interactive carousel",
  "interactive carousel with quick replies",
  "interactive order_details",
  "interactive order_status",
] as const;

describe("interactive types", () => {
  it("has a schema for every type of the spec's enum and of Meta's message pages", () => {
    expect([...INTERACTIVE_FAMILIES.keys()].sort()).toEqual([...SPEC_ENUM, ...DOCUMENTED].sort());
  });

  it.each(NEW_TYPES)("accepts %s and carries the interactive object whole", (name) => {
    const body = V[name];
    const parsed = parseSendRequest(body);
    expect(parsed).toMatchObject({ kind: "message", type: "interactive" });
    if (parsed.kind !== "message") return;
    expect(parsed.body).toEqual(body);
  });

  it("checks an order's items against the catalog it names, and nothing when it names none", () => {
    const products = (body: unknown) => {
      const parsed = parseSendRequest(body);
      return parsed.kind === "message" ? parsed.products : undefined;
    };
    expect(products(V["interactive order_details"])).toBeUndefined();
    const linked = variant(
      V["interactive order_details"],
      "interactive.action.parameters.order.catalog_id",
      "700100200300",
    );
    expect(products(linked)).toEqual({ catalogId: "700100200300", retailerIds: ["sku-espresso", "sku-filter"] });
  });
});

const CPR = V["interactive call_permission_request"];
const LRM = V["interactive location_request_message"];
const CAROUSEL = V["interactive carousel"];
const REPLIES = V["interactive carousel with quick replies"];
const DETAILS = V["interactive order_details"];
const STATUS = V["interactive order_status"];
const long = (n: number) => "x".repeat(n);
const at = <T>(items: readonly T[], index: number): T => {
  const found = items[index];
  if (found === undefined) throw new Error(`fixture has no item ${index}`);
  return found;
};
const card = (index: number) => at(CAROUSEL.interactive.action.cards, index);
const replyCard = (index: number) => at(REPLIES.interactive.action.cards, index);
const params = "interactive.action.parameters";

// [what, body, Graph code, a piece of the details naming the field]
const INVALID: [string, unknown, number, string][] = [
  ["call permission without body", variant(CPR, "interactive.body", DROP), 131008, "interactive.body"],
  ["call permission body over 1024", variant(CPR, "interactive.body.text", long(1025)), 131009, "body.text"],
  ["call permission other action", variant(CPR, "interactive.action.name", "call"), 131009, "action.name"],
  ["location request without action", variant(LRM, "interactive.action", DROP), 131008, "interactive.action"],
  ["location request other action", variant(LRM, "interactive.action.name", "location"), 131009, "action.name"],
  ["carousel of one card", variant(CAROUSEL, "interactive.action.cards", [card(0)]), 131009, "at least 2 cards"],
  [
    "carousel of 11 cards",
    variant(
      CAROUSEL,
      "interactive.action.cards",
      Array.from({ length: 11 }, (_, i) => ({ ...card(0), card_index: i % 10 })),
    ),
    131009,
    "at most 10 cards",
  ],
  ["carousel without body", variant(CAROUSEL, "interactive.body", DROP), 131008, "interactive.body"],
  [
    "carousel card index twice",
    variant(CAROUSEL, "interactive.action.cards.1.card_index", 0),
    131009,
    "card indexes must be unique",
  ],
  ["carousel card index 10", variant(CAROUSEL, "interactive.action.cards.1.card_index", 10), 131009, "card_index"],
  [
    "carousel mixing image and video headers",
    variant(CAROUSEL, "interactive.action.cards.1.header", { type: "video", video: { id: "1234" } }),
    131009,
    "same header type",
  ],
  [
    "carousel card with a text header",
    variant(CAROUSEL, "interactive.action.cards.0.header", { type: "text", text: "Hi" }),
    131009,
    "cards.0.header",
  ],
  ["carousel card without header", variant(CAROUSEL, "interactive.action.cards.0.header", DROP), 131008, "header"],
  [
    "carousel card body over 160",
    variant(CAROUSEL, "interactive.action.cards.0.body.text", long(161)),
    131009,
    "cards.0.body.text",
  ],
  [
    "carousel card with URL button and quick replies",
    variant(CAROUSEL, "interactive.action.cards.0.action.buttons", replyCard(0).action.buttons),
    131009,
    "not both",
  ],
  ["carousel card without a button", variant(CAROUSEL, "interactive.action.cards.0.action", {}), 131008, "required"],
  [
    "carousel card URL javascript:",
    variant(CAROUSEL, "interactive.action.cards.0.action.parameters.url", "javascript:alert(1)"),
    131009,
    "parameters.url",
  ],
  [
    "carousel mixing URL and quick-reply cards",
    variant(CAROUSEL, "interactive.action.cards.1", { ...replyCard(1), header: card(1).header }),
    131009,
    "same kind and number of buttons",
  ],
  [
    "carousel card with 3 quick replies",
    variant(REPLIES, "interactive.action.cards.0.action.buttons", [
      ...replyCard(0).action.buttons,
      { type: "quick_reply", quick_reply: { id: "x", title: "X" } },
    ]),
    131009,
    "at most 2 buttons",
  ],
  [
    "carousel quick reply title over 20",
    variant(REPLIES, "interactive.action.cards.0.action.buttons.0.quick_reply.title", long(21)),
    131009,
    "quick_reply.title",
  ],
  [
    "carousel cards with different numbers of quick replies",
    variant(REPLIES, "interactive.action.cards.2.action.buttons", replyCard(2).action.buttons.slice(0, 1)),
    131009,
    "same kind and number of buttons",
  ],
  ["order_details without body", variant(DETAILS, "interactive.body", DROP), 131008, "interactive.body"],
  ["order_details other action", variant(DETAILS, "interactive.action.name", "review_order"), 131009, "action.name"],
  [
    "order_details total not adding up",
    variant(DETAILS, `${params}.total_amount.value`, 5301),
    131009,
    "total_amount: must equal subtotal + tax + shipping - discount",
  ],
  [
    "order_details subtotal not the items'",
    variant(DETAILS, `${params}.order.items.0.quantity`, 3),
    131009,
    "order.subtotal",
  ],
  ["order_details without total", variant(DETAILS, `${params}.total_amount`, DROP), 131008, "total_amount"],
  [
    "order_details reference id with spaces",
    variant(DETAILS, `${params}.reference_id`, "order 42"),
    131009,
    "reference_id",
  ],
  ["order_details reference id over 35", variant(DETAILS, `${params}.reference_id`, long(36)), 131009, "reference_id"],
  ["order_details other goods type", variant(DETAILS, `${params}.type`, "services"), 131009, "parameters.type"],
  ["order_details lower-case currency", variant(DETAILS, `${params}.currency`, "brl"), 131009, "currency"],
  ["order_details offset 3", variant(DETAILS, `${params}.total_amount.offset`, 3), 131009, "total_amount.offset"],
  [
    "order_details fractional amount",
    variant(DETAILS, `${params}.total_amount.value`, 53.5),
    131009,
    "total_amount.value",
  ],
  ["order_details quantity 0", variant(DETAILS, `${params}.order.items.1.quantity`, 0), 131009, "quantity"],
  ["order_details order already paid", variant(DETAILS, `${params}.order.status`, "paid"), 131009, "order.status"],
  ["order_details order without items", variant(DETAILS, `${params}.order.items`, []), 131009, "order.items"],
  ["order_details item without name", variant(DETAILS, `${params}.order.items.0.name`, DROP), 131008, "items.0.name"],
  ["order_status unknown status", variant(STATUS, `${params}.order.status`, "delivered"), 131009, "order.status"],
  ["order_status without reference id", variant(STATUS, `${params}.reference_id`, DROP), 131008, "reference_id"],
  [
    "order_status description over 120",
    variant(STATUS, `${params}.order.description`, long(121)),
    131009,
    "order.description",
  ],
  ["order_status other action", variant(STATUS, "interactive.action.name", "review_and_pay"), 131009, "action.name"],
];

describe("interactive types: refusals in Meta's codes", () => {
  it.each(INVALID)("%s → %i", (_what, body, code, field) => {
    const error = graphErrorOf(body);
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(400);
    expect(error.details).toContain(field);
  });
});
