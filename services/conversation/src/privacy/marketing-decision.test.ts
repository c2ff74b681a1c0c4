import { describe, expect, it } from "vitest";
import { isMarketingSend, marketingOptOutErrorsJson, templateNameOf } from "./marketing-decision.ts";

const template = (name: string) => JSON.stringify({ type: "template", template: { name, language: { code: "en" } } });

describe("marketing decision", () => {
  it("is marketing only for a template named in the tenant's marketing list", () => {
    expect(isMarketingSend("template", template("spring_sale"), ["spring_sale"])).toBe(true);
    expect(isMarketingSend("template", template("order_update"), ["spring_sale"])).toBe(false);
    expect(isMarketingSend("template", template("spring_sale"), [])).toBe(false);
  });

  it("never treats free-form messages or malformed bodies as marketing", () => {
    expect(isMarketingSend("text", JSON.stringify({ template: { name: "spring_sale" } }), ["spring_sale"])).toBe(false);
    expect(isMarketingSend("template", "{", ["spring_sale"])).toBe(false);
    expect(templateNameOf("template", JSON.stringify({ template: {} }))).toBeUndefined();
  });

  it("fails with Meta's 131050 error", () => {
    const [error] = JSON.parse(marketingOptOutErrorsJson()) as { code: number; message: string }[];
    expect(error?.code).toBe(131050);
    expect(error?.message).toContain("chosen to stop receiving marketing messages");
  });
});
