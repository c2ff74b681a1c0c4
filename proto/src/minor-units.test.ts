import { describe, expect, it } from "vitest";
import { currencyExponent } from "./minor-units.ts";

describe("currencyExponent", () => {
  it("reads ISO 4217's minor units", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("EUR")).toBe(2);
  });

  it("refuses what is not a currency code", () => {
    expect(() => currencyExponent("dollars")).toThrow(RangeError);
  });
});
