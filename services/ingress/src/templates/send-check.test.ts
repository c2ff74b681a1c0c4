import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { parseSendRequest } from "../send/send-request.ts";
import { checkTemplateSend, type TemplateSend } from "./send-check.ts";
import type { TemplateComponent, TemplateRecord } from "./template-records.ts";

const BOOKING: TemplateComponent[] = [
  { type: "HEADER", format: "IMAGE" },
  { type: "BODY", text: "Hi {{1}}, your deposit of {{2}} for {{3}} is confirmed." },
  { type: "FOOTER", text: "Bistro Nord" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "Keep" },
      { type: "URL", text: "Manage", url: "https://bistro.example/b/{{1}}" },
    ],
  },
];

const record = (overrides: Partial<TemplateRecord> = {}): TemplateRecord => ({
  tenantId: "t",
  businessId: "200000000000001",
  templateId: "900000000000001",
  name: "booking_confirmation",
  language: "en_US",
  category: "UTILITY",
  previousCategory: "",
  components: BOOKING,
  parameterFormat: "POSITIONAL",
  allowCategoryChange: false,
  status: "APPROVED",
  rejectedReason: "NONE",
  qualityScore: "UNKNOWN",
  createdAtMs: 0,
  updatedAtMs: 0,
  ...overrides,
});

type Component = Record<string, unknown>;
const header: Component = { type: "header", parameters: [{ type: "image", image: { link: "https://x.test/h.jpg" } }] };
const body = (...texts: string[]): Component => ({
  type: "body",
  parameters: texts.map((text) => ({ type: "text", text })),
});
const urlButton: Component = {
  type: "button",
  sub_type: "url",
  index: "1",
  parameters: [{ type: "text", text: "b-42" }],
};

/** A send as the send path hands it over: validated by the template schema first. */
function sendOf(components: Component[] | undefined, name = "booking_confirmation", code = "en_US"): TemplateSend {
  const parsed = parseSendRequest({
    messaging_product: "whatsapp",
    to: "+16505550123",
    type: "template",
    template: { name, language: { code }, ...(components ? { components } : {}) },
  });
  if (parsed.kind !== "message") throw new Error("not a message");
  return (parsed.body as { template: TemplateSend }).template;
}

function codeOf(run: () => void): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof GraphError) return error.code;
    throw error;
  }
}

describe("checkTemplateSend", () => {
  it("accepts a send whose parameters fit the approved template", () => {
    expect(codeOf(() => checkTemplateSend(record(), sendOf([header, body("Ada", "$12", "Friday"), urlButton])))).toBe(
      undefined,
    );
    const flagged = record({ status: "FLAGGED" });
    expect(codeOf(() => checkTemplateSend(flagged, sendOf([header, body("Ada", "$12", "Fri"), urlButton])))).toBe(
      undefined,
    );
  });

  it("answers 132001 for an unknown translation or one not approved", () => {
    expect(codeOf(() => checkTemplateSend(undefined, sendOf([])))).toBe(132001);
    for (const status of ["PENDING", "REJECTED"] as const) {
      expect(
        codeOf(() => checkTemplateSend(record({ status }), sendOf([header, body("a", "b", "c"), urlButton]))),
      ).toBe(132001);
    }
  });

  it("answers 132015 for a paused and 132016 for a disabled template", () => {
    const valid = sendOf([header, body("a", "b", "c"), urlButton]);
    expect(codeOf(() => checkTemplateSend(record({ status: "PAUSED" }), valid))).toBe(132015);
    expect(codeOf(() => checkTemplateSend(record({ status: "DISABLED" }), valid))).toBe(132016);
  });

  it.each([
    ["too few body parameters", [header, body("Ada", "$12"), urlButton]],
    ["too many body parameters", [header, body("Ada", "$12", "Fri", "extra"), urlButton]],
    ["no body parameters", [header, urlButton]],
    ["a missing media header", [body("a", "b", "c"), urlButton]],
    [
      "a header of the wrong media type",
      [{ type: "header", parameters: [{ type: "video", video: { id: "1" } }] }, body("a", "b", "c"), urlButton],
    ],
    ["a missing URL button parameter", [header, body("a", "b", "c")]],
    ["a button the template does not have", [header, body("a", "b", "c"), urlButton, { ...urlButton, index: "5" }]],
    [
      "a sub_type that does not fit the button",
      [header, body("a", "b", "c"), { ...urlButton, sub_type: "quick_reply", index: "1" }],
    ],
    [
      "a media parameter filling a body variable",
      [
        header,
        {
          type: "body",
          parameters: [
            { type: "image", image: { id: "1" } },
            { type: "text", text: "b" },
            { type: "text", text: "c" },
          ],
        },
        urlButton,
      ],
    ],
  ])("answers 132000 for %s", (_name, components) => {
    expect(codeOf(() => checkTemplateSend(record(), sendOf(components)))).toBe(132000);
  });

  it("matches named parameters by name", () => {
    const named = record({
      parameterFormat: "NAMED",
      components: [{ type: "BODY", text: "Hi {{first_name}}, order {{order_id}} shipped." }],
    });
    const param = (parameter_name: string) => ({ type: "text", text: "x", parameter_name });
    const sendNamed = (...names: string[]) => sendOf([{ type: "body", parameters: names.map(param) }]);
    expect(codeOf(() => checkTemplateSend(named, sendNamed("order_id", "first_name")))).toBe(undefined);
    expect(codeOf(() => checkTemplateSend(named, sendNamed("first_name", "first_name")))).toBe(132000);
    expect(codeOf(() => checkTemplateSend(named, sendNamed("first_name", "coupon")))).toBe(132000);
  });

  it("expects the code in an authentication template's body and OTP button", () => {
    const otp = record({
      name: "login_code",
      category: "AUTHENTICATION",
      components: [
        { type: "BODY", add_security_recommendation: true },
        { type: "BUTTONS", buttons: [{ type: "OTP", otp_type: "COPY_CODE", text: "Copy code" }] },
      ],
    });
    const code = { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "123456" }] };
    expect(codeOf(() => checkTemplateSend(otp, sendOf([body("123456"), code], "login_code")))).toBe(undefined);
    expect(codeOf(() => checkTemplateSend(otp, sendOf([body("123456")], "login_code")))).toBe(132000);
    expect(codeOf(() => checkTemplateSend(otp, sendOf([code], "login_code")))).toBe(132000);
  });

  it("accepts hello_world as the README sends it: no components at all", () => {
    const hello = record({
      name: "hello_world",
      components: [
        { type: "HEADER", format: "TEXT", text: "Hello World" },
        { type: "BODY", text: "Welcome and congratulations!!" },
      ],
    });
    expect(codeOf(() => checkTemplateSend(hello, sendOf(undefined, "hello_world")))).toBe(undefined);
    expect(codeOf(() => checkTemplateSend(hello, sendOf([body("unexpected")], "hello_world")))).toBe(132000);
  });
});
