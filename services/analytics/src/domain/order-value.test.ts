import { describe, expect, it } from "vitest";
import { orderTotalsOf } from "./order-value.ts";

describe("an order's value per currency", () => {
  it("sums quantity × price per currency in thousandths, whatever the currency's minor unit", () => {
    expect(
      orderTotalsOf([
        { quantity: 2, itemPriceMinor: 1001, currency: "USD" },
        { quantity: 1, itemPriceMinor: 50, currency: "USD" },
        { quantity: 3, itemPriceMinor: 100, currency: "JPY" },
        { quantity: 1, itemPriceMinor: 1234, currency: "KWD" },
      ]),
    ).toEqual({ USD: { valueMilli: 20_520 }, JPY: { valueMilli: 300_000 }, KWD: { valueMilli: 1_234 } });
  });

  it("names a malformed currency unknown and adds nothing for a line it cannot value", () => {
    expect(
      orderTotalsOf([
        { quantity: 1, itemPriceMinor: 100, currency: "eur" },
        { quantity: 0, itemPriceMinor: 100, currency: "EUR" },
        { quantity: 1, itemPriceMinor: Number.MAX_SAFE_INTEGER, currency: "INR" },
      ]),
    ).toEqual({ unknown: { valueMilli: 0 }, EUR: { valueMilli: 0 }, INR: { valueMilli: 0 } });
    expect(orderTotalsOf([])).toEqual({});
  });
});
