// The project's own fixtures of send requests: one valid body per message type (and interactive
// type), written for our tests after Meta's Cloud API reference, never copied from it, and the
// helpers that derive invalid ones. Shared by the unit tests of the schemas and the send API
// integration test.
import { GraphError } from "../../src/graph/graph-error.ts";
import { parseSendRequest } from "../../src/send/send-request.ts";

export const RECIPIENT = "+16505550123";
export const REPLY_TO = "wamid.HBgLMTY1MDU1NTAxMjMVAgASGBQzQUJDMDEyMzQ1Njc4OUFCQ0RFRgA=";

const base = { messaging_product: "whatsapp", recipient_type: "individual", to: RECIPIENT } as const;

/** A valid request per type; keys are the names tests print. */
export const VALID_MESSAGES = {
  text: { ...base, type: "text", text: { body: "Your table for two is booked for 8pm.", preview_url: false } },
  "image by id": { ...base, type: "image", image: { id: "1234567890", caption: "Tonight's menu" } },
  "image by link": { ...base, type: "image", image: { link: "https://media.example.test/menu.jpg" } },
  audio: { ...base, type: "audio", audio: { id: "2233445566" } },
  video: { ...base, type: "video", video: { link: "https://media.example.test/tour.mp4", caption: "A tour" } },
  document: {
    ...base,
    type: "document",
    document: { link: "https://media.example.test/invoice.pdf", filename: "invoice.pdf", caption: "Invoice" },
  },
  "sticker by id": { ...base, type: "sticker", sticker: { id: "3344556677" } },
  "sticker by link": { ...base, type: "sticker", sticker: { link: "https://media.example.test/wave.webp" } },
  location: {
    ...base,
    type: "location",
    location: { latitude: 52.52, longitude: "13.405", name: "Bistro Nord", address: "Hauptstr. 1, Berlin" },
  },
  contacts: {
    ...base,
    type: "contacts",
    contacts: [
      {
        name: { formatted_name: "Ada Lovelace", first_name: "Ada" },
        phones: [{ phone: "+44 20 7946 0000", type: "WORK", wa_id: "442079460000" }],
        emails: [{ email: "ada@example.test", type: "WORK" }],
        urls: [{ url: "https://example.test/ada" }],
        addresses: [{ city: "London", country_code: "GB", type: "HOME" }],
        org: { company: "Analytical Engines" },
        birthday: "1815-12-10",
      },
    ],
  },
  reaction: { ...base, type: "reaction", reaction: { message_id: REPLY_TO, emoji: "👍" } },
  "interactive button": {
    ...base,
    type: "interactive",
    interactive: {
      type: "button",
      header: { type: "text", text: "Confirm booking" },
      body: { text: "Shall we keep your table?" },
      footer: { text: "Bistro Nord" },
      action: {
        buttons: [
          { type: "reply", reply: { id: "keep", title: "Keep it" } },
          { type: "reply", reply: { id: "cancel", title: "Cancel" } },
        ],
      },
    },
  },
  "interactive list": {
    ...base,
    type: "interactive",
    interactive: {
      type: "list",
      header: { type: "text", text: "Menu" },
      body: { text: "What would you like?" },
      action: {
        button: "See dishes",
        sections: [
          { title: "Starters", rows: [{ id: "soup", title: "Soup", description: "Of the day" }] },
          { title: "Mains", rows: [{ id: "fish", title: "Fish" }] },
        ],
      },
    },
  },
  "interactive product": {
    ...base,
    type: "interactive",
    interactive: {
      type: "product",
      body: { text: "Our bestseller" },
      action: { catalog_id: "700100200300", product_retailer_id: "sku-espresso" },
    },
  },
  "interactive product_list": {
    ...base,
    type: "interactive",
    interactive: {
      type: "product_list",
      header: { type: "text", text: "Coffee" },
      body: { text: "Pick your beans" },
      action: {
        catalog_id: "700100200300",
        sections: [{ title: "Beans", product_items: [{ product_retailer_id: "sku-espresso" }] }],
      },
    },
  },
  "interactive catalog_message": {
    ...base,
    type: "interactive",
    interactive: {
      type: "catalog_message",
      body: { text: "Browse the whole shop" },
      action: { name: "catalog_message", parameters: { thumbnail_product_retailer_id: "sku-espresso" } },
    },
  },
  "interactive flow": {
    ...base,
    type: "interactive",
    interactive: {
      type: "flow",
      body: { text: "Sign up in a minute" },
      action: {
        name: "flow",
        parameters: { flow_message_version: "3", flow_id: "1122334455", flow_cta: "Sign up", flow_token: "tok-1" },
      },
    },
  },
  "interactive cta_url": {
    ...base,
    type: "interactive",
    interactive: {
      type: "cta_url",
      body: { text: "Track your parcel" },
      action: { name: "cta_url", parameters: { display_text: "Track", url: "https://shop.example.test/t/1" } },
    },
  },
  "interactive call_permission_request": {
    ...base,
    type: "interactive",
    interactive: {
      type: "call_permission_request",
      body: { text: "May we call you about your booking?" },
      action: { name: "call_permission_request" },
    },
  },
  "interactive location_request_message": {
    ...base,
    type: "interactive",
    interactive: {
      type: "location_request_message",
      body: { text: "Where shall the courier pick up your parcel?" },
      action: { name: "send_location" },
    },
  },
  "interactive carousel": {
    ...base,
    type: "interactive",
    interactive: {
      type: "carousel",
      body: { text: "Tonight's specials" },
      action: {
        cards: [0, 1].map((card_index) => ({
          card_index,
          type: "cta_url",
          header: { type: "image", image: { link: `https://media.example.test/dish-${card_index}.jpg` } },
          body: { text: `Dish ${card_index + 1}` },
          action: {
            name: "cta_url",
            parameters: { display_text: "Order", url: `https://bistro.example.test/d/${card_index}` },
          },
        })),
      },
    },
  },
  "interactive carousel with quick replies": {
    ...base,
    type: "interactive",
    interactive: {
      type: "carousel",
      body: { text: "Which table would you like?" },
      action: {
        cards: ["window", "terrace", "bar"].map((place, card_index) => ({
          card_index,
          type: "button",
          header: { type: "video", video: { id: `77${card_index}0011` } },
          action: {
            buttons: [
              { type: "quick_reply", quick_reply: { id: `${place}-book`, title: "Book" } },
              { type: "quick_reply", quick_reply: { id: `${place}-info`, title: "More" } },
            ],
          },
        })),
      },
    },
  },
  "interactive order_details": {
    ...base,
    type: "interactive",
    interactive: {
      type: "order_details",
      body: { text: "Your order, ready to pay" },
      footer: { text: "Bistro Nord" },
      action: {
        name: "review_and_pay",
        parameters: {
          reference_id: "order-2024.0042",
          type: "physical-goods",
          payment_type: "br",
          payment_settings: [{ type: "payment_link", payment_link: { uri: "https://pay.example.test/42" } }],
          currency: "BRL",
          total_amount: { value: 5300, offset: 100 },
          order: {
            status: "pending",
            items: [
              {
                retailer_id: "sku-espresso",
                name: "Espresso beans",
                amount: { value: 2000, offset: 100 },
                quantity: 2,
              },
              { retailer_id: "sku-filter", name: "Filters", amount: { value: 1000, offset: 100 }, quantity: 1 },
            ],
            subtotal: { value: 5000, offset: 100 },
            tax: { value: 300, offset: 100, description: "VAT" },
            shipping: { value: 500, offset: 100 },
            discount: { value: 5000, offset: 1000, description: "Welcome" },
          },
        },
      },
    },
  },
  "interactive order_status": {
    ...base,
    type: "interactive",
    interactive: {
      type: "order_status",
      body: { text: "Your parcel is on its way" },
      action: {
        name: "review_order",
        parameters: { reference_id: "order-2024.0042", order: { status: "shipped", description: "Tracking DE123" } },
      },
    },
  },
  template: {
    ...base,
    type: "template",
    template: {
      name: "booking_confirmation",
      language: { code: "en_US", policy: "deterministic" },
      components: [
        { type: "header", parameters: [{ type: "image", image: { link: "https://media.example.test/h.jpg" } }] },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Ada" },
            { type: "currency", currency: { fallback_value: "$12.50", code: "USD", amount_1000: 12500 } },
            { type: "date_time", date_time: { fallback_value: "May 4, 8pm" } },
          ],
        },
        { type: "button", sub_type: "quick_reply", index: "0", parameters: [{ type: "payload", payload: "KEEP" }] },
      ],
    },
  },
  "text reply with callback data": {
    ...base,
    type: "text",
    context: { message_id: REPLY_TO },
    biz_opaque_callback_data: "order-42",
    text: { body: "Replying to your question" },
  },
} as const satisfies Record<string, object>;

/**
 * A contacts message as dataclass-based Python clients serialise it: every unset optional field
 * present as `null` (and unset lists empty). Meta accepts it as if the nulls were absent.
 */
export const CONTACTS_WITH_NULLS = {
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: RECIPIENT,
  type: "contacts",
  context: null,
  biz_opaque_callback_data: null,
  contacts: [
    {
      name: {
        formatted_name: "Ada Lovelace",
        first_name: "Ada",
        last_name: null,
        middle_name: null,
        suffix: null,
        prefix: null,
      },
      birthday: null,
      phones: [{ phone: "+44 20 7946 0000", type: "WORK", wa_id: null }],
      emails: [],
      urls: [],
      addresses: [
        { street: null, city: "London", state: null, zip: null, country: null, country_code: "GB", type: null },
      ],
      org: null,
    },
  ],
} as const;

export const MARK_READ = { messaging_product: "whatsapp", status: "read", message_id: REPLY_TO } as const;
export const MARK_READ_TYPING = { ...MARK_READ, typing_indicator: { type: "text" } } as const;

export const DROP = Symbol("drop");

/** A deep copy of a fixture with the value at a dotted path replaced (or dropped), so every
 * variant differs from a valid body by exactly one thing. */
export function variant(body: object, path: string, value: unknown): unknown {
  const copy: unknown = structuredClone(body);
  const keys = path.split(".");
  const last = keys.pop() as string;
  let parent = copy as Record<string, unknown>;
  for (const key of keys) parent = parent[key] as Record<string, unknown>;
  if (value === DROP) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The GraphError parsing `body` throws; fails the test when it parses. */
export function graphErrorOf(body: unknown): GraphError {
  try {
    parseSendRequest(body);
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}
