import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/graph-error.ts";
import { parseTemplateDefinition } from "./template-definition.ts";

const valid = {
  name: "seasonal_promotion",
  language: "en_US",
  category: "marketing",
  components: [
    { type: "header", format: "text", text: "Our {{1}} is on!", example: { header_text: ["Summer Sale"] } },
    { type: "BODY", text: "Shop now through {{1}} and use code {{2}}.", example: { body_text: [["May", "25OFF"]] } },
    { type: "FOOTER", text: "Reply STOP to opt out" },
    { type: "BUTTONS", buttons: [{ type: "quick_reply", text: "Unsubscribe" }] },
  ],
};

function problemOf(input: unknown): string | undefined {
  try {
    parseTemplateDefinition(input);
    return undefined;
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    expect(error.code).toBe(100);
    return error.details;
  }
}

describe("parseTemplateDefinition", () => {
  it("accepts Meta's creation body, normalising types and category to upper case", () => {
    const parsed = parseTemplateDefinition(valid);
    expect(parsed).toMatchObject({ name: "seasonal_promotion", category: "MARKETING", parameterFormat: "POSITIONAL" });
    expect(parsed.components.map((c) => c.type)).toEqual(["HEADER", "BODY", "FOOTER", "BUTTONS"]);
    expect(parsed.components[3]).toMatchObject({ buttons: [{ type: "QUICK_REPLY", text: "Unsubscribe" }] });
  });

  it("accepts an authentication template without body text", () => {
    const auth = {
      name: "otp_code",
      language: "en_US",
      category: "AUTHENTICATION",
      components: [{ type: "BODY", add_security_recommendation: true }],
    };
    expect(problemOf(auth)).toBe(undefined);
  });

  it.each([
    ["an upper-case name", { ...valid, name: "Promo" }, "name"],
    ["a missing language", { ...valid, language: undefined }, "language"],
    ["an unknown category", { ...valid, category: "PROMOTIONS" }, "category"],
    ["no components", { ...valid, components: [] }, "components"],
    ["no body", { ...valid, components: [valid.components[2]] }, "BODY"],
    ["two bodies", { ...valid, components: [valid.components[1], valid.components[1]] }, "at most one BODY"],
    ["a gap in positional variables", { ...valid, components: [{ type: "BODY", text: "Hi {{1}} {{3}}" }] }, "{{1}}"],
    [
      "named variables in a positional template",
      { ...valid, components: [{ type: "BODY", text: "Hi {{name}}" }] },
      "positional",
    ],
    [
      "positional variables in a named template",
      { ...valid, parameter_format: "NAMED", components: [{ type: "BODY", text: "Hi {{1}}" }] },
      "named",
    ],
    [
      "a too long footer",
      { ...valid, components: [valid.components[1], { type: "FOOTER", text: "x".repeat(61) }] },
      "60",
    ],
    [
      "a text header without text",
      { ...valid, components: [{ type: "HEADER", format: "TEXT" }, valid.components[1]] },
      "HEADER",
    ],
  ])("refuses %s with error 100", (_name, input, detail) => {
    expect(problemOf(input)).toContain(detail);
  });
});
