// An explicit null at an optional field means absent, in every message family; a null where a
// value is required is a missing parameter; nulls that are the business's own data are kept.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CONTACTS_WITH_NULLS,
  graphErrorOf,
  MARK_READ_TYPING,
  REPLY_TO,
  VALID_MESSAGES,
} from "../../test/support/send-request-fixtures.ts";
import { withoutOptionalNulls } from "./optional-nulls.ts";
import { parseSendRequest } from "./send-request.ts";

const V = VALID_MESSAGES;

function forwarded(body: unknown): unknown {
  const parsed = parseSendRequest(body);
  if (parsed.kind !== "message") throw new Error("expected a message");
  return parsed.body;
}

/** The JSON text of `value` with every null-valued property left out, as the business meant it. */
const withoutNullProperties = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v)));

describe("null at an optional field means absent", () => {
  it("accepts a contacts card as a Python client sends it and forwards it without the nulls", () => {
    const body = forwarded(CONTACTS_WITH_NULLS);
    expect(body).toEqual(withoutNullProperties(CONTACTS_WITH_NULLS));
    expect(JSON.stringify(body)).not.toContain("null");
  });

  // [what, body with nulls at optional fields]
  const ACCEPTED: [string, unknown][] = [
    [
      "text: envelope fields and preview_url",
      {
        ...V.text,
        recipient_type: null,
        context: null,
        biz_opaque_callback_data: null,
        text: { body: "hi", preview_url: null },
      },
    ],
    [
      "image by link: id and caption",
      { ...V["image by link"], image: { id: null, link: V["image by link"].image.link, caption: null } },
    ],
    ["document: filename", { ...V.document, document: { ...V.document.document, filename: null } }],
    [
      "location: name and address",
      { ...V.location, location: { latitude: 1, longitude: 2, name: null, address: null } },
    ],
    [
      "interactive button: header and footer",
      {
        ...V["interactive button"],
        interactive: { ...V["interactive button"].interactive, header: null, footer: null },
      },
    ],
    [
      "interactive button: text header's sub_text",
      {
        ...V["interactive button"],
        interactive: { ...V["interactive button"].interactive, header: { type: "text", text: "Hi", sub_text: null } },
      },
    ],
    [
      "interactive list: section title and row description",
      {
        ...V["interactive list"],
        interactive: {
          ...V["interactive list"].interactive,
          header: null,
          action: { button: "Pick", sections: [{ title: null, rows: [{ id: "a", title: "A", description: null }] }] },
        },
      },
    ],
    [
      "interactive flow: flow_name beside flow_id, mode, flow_action_payload",
      {
        ...V["interactive flow"],
        interactive: {
          ...V["interactive flow"].interactive,
          action: {
            name: "flow",
            parameters: {
              ...V["interactive flow"].interactive.action.parameters,
              flow_name: null,
              mode: null,
              flow_action: null,
              flow_action_payload: null,
            },
          },
        },
      },
    ],
    [
      "template: language policy and components",
      { ...V.template, template: { name: "hello_world", language: { code: "en_US", policy: null }, components: null } },
    ],
    [
      "template: a body without parameters, a media parameter's filename",
      {
        ...V.template,
        template: {
          name: "invoice",
          language: { code: "en_US" },
          components: [
            {
              type: "header",
              parameters: [
                { type: "document", document: { link: "https://a.example.test/i.pdf", filename: null, id: null } },
              ],
            },
            { type: "body", parameters: null },
          ],
        },
      },
    ],
  ];

  it.each(ACCEPTED)("accepts %s and forwards the body without them", (_what, body) => {
    expect(forwarded(body)).toEqual(withoutNullProperties(body));
  });

  it("accepts a mark-read whose typing indicator is null as a plain mark-read", () => {
    expect(parseSendRequest({ ...MARK_READ_TYPING, typing_indicator: null })).toEqual({
      kind: "read",
      messageId: REPLY_TO,
      typingIndicator: false,
    });
  });

  it("treats a null type as absent (text), and a null status as no mark-read", () => {
    expect(parseSendRequest({ ...V.text, type: null })).toMatchObject({ kind: "message", type: "text" });
    expect(parseSendRequest({ ...V.text, status: null })).toMatchObject({ kind: "message", type: "text" });
  });

  it("keeps nulls that are the business's own data (a Flow's initial screen data)", () => {
    const flow = V["interactive flow"];
    const body = {
      ...flow,
      interactive: {
        ...flow.interactive,
        action: {
          name: "flow",
          parameters: {
            ...flow.interactive.action.parameters,
            flow_action: "navigate",
            flow_action_payload: { screen: "WELCOME", data: { coupon: null, nested: { code: null } } },
          },
        },
      },
    };
    expect(forwarded(body)).toMatchObject({
      interactive: {
        action: { parameters: { flow_action_payload: { data: { coupon: null, nested: { code: null } } } } },
      },
    });
  });
});

describe("null where a value is required is a missing parameter", () => {
  // [what, body, the field named in the details]
  const MISSING: [string, unknown, string][] = [
    ["text body", { ...V.text, text: { body: null } }, "text.body is required"],
    ["recipient", { ...V.text, to: null }, "to is required"],
    [
      "contact name",
      { ...CONTACTS_WITH_NULLS, contacts: [{ ...CONTACTS_WITH_NULLS.contacts[0], name: null }] },
      "contacts.0.name",
    ],
    ["a contact in the list", { ...V.contacts, contacts: [null] }, "contacts.0"],
    ["image id and link", { ...V["image by id"], image: { id: null, link: null } }, "id or link is required"],
    ["mark-read message id", { ...MARK_READ_TYPING, message_id: null }, "message_id is required"],
  ];

  it.each(MISSING)("%s → 131008", (_what, body, details) => {
    const error = graphErrorOf(body);
    expect(error.code).toBe(131008);
    expect(error.details).toContain(details);
  });

  it("still refuses a wrong value beside the nulls as 131009", () => {
    const contact = { ...CONTACTS_WITH_NULLS.contacts[0], birthday: "10/12/1815" };
    const error = graphErrorOf({ ...CONTACTS_WITH_NULLS, contacts: [contact] });
    expect(error.code).toBe(131009);
    expect(error.details).toContain("contacts.0.birthday");
  });
});

describe("withoutOptionalNulls", () => {
  const schema = z.object({ a: z.string().optional(), b: z.string(), list: z.array(z.string().nullable()).optional() });

  it("leaves its input alone and keeps nulls in arrays and at required fields", () => {
    const input = { a: null, b: null, list: [null, "x"] };
    expect(withoutOptionalNulls(schema, input)).toEqual({ b: null, list: [null, "x"] });
    expect(input).toEqual({ a: null, b: null, list: [null, "x"] });
  });

  it("keeps a __proto__ key as data, never as the prototype", () => {
    const cleaned = withoutOptionalNulls(schema, JSON.parse('{"__proto__": {"polluted": true}, "a": null}'));
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.hasOwn(cleaned as object, "__proto__")).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
