// The project's own fixtures of send requests: one valid body per message type (and interactive
// type), written for our tests after Meta's Cloud API reference, never copied from it. Shared by
// the unit tests of the schemas and the send API integration test.

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

export const MARK_READ = { messaging_product: "whatsapp", status: "read", message_id: REPLY_TO } as const;
export const MARK_READ_TYPING = { ...MARK_READ, typing_indicator: { type: "text" } } as const;
