import { describe, expect, it } from "vitest";
import { decimalToMinor, numberToMinor } from "./money.ts";

describe("money", () => {
  it("parses decimals into minor units by the currency's exponent", () => {
    expect(decimalToMinor("12.99", "USD")).toBe(1299);
    expect(decimalToMinor("12.5", "EUR")).toBe(1250);
    expect(decimalToMinor("12", "USD")).toBe(1200);
    expect(decimalToMinor("1500", "JPY")).toBe(1500);
    expect(decimalToMinor("1.234", "KWD")).toBe(1234);
  });

  it("refuses what is not a plain non-negative decimal in the currency's precision", () => {
    for (const bad of ["", "-1", "1e3", "12.999", "abc", "1,00"]) expect(decimalToMinor(bad, "USD")).toBeUndefined();
    expect(decimalToMinor("12.5", "JPY")).toBeUndefined();
  });

  it("rounds float noise of JSON numbers away", () => {
    expect(numberToMinor(0.1 + 0.2, "USD")).toBe(30);
    expect(numberToMinor(19.99, "USD")).toBe(1999);
    expect(numberToMinor(-1, "USD")).toBeUndefined();
  });
});
