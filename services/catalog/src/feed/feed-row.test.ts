import { describe, expect, it } from "vitest";
import { productFromFeedRow } from "./feed-row.ts";

const row = (overrides: Record<string, string> = {}) => ({
  id: "sku-1",
  title: "Blue mug",
  description: "A mug",
  availability: "in stock",
  condition: "new",
  price: "12.99 USD",
  link: "https://shop.example/mug",
  image_link: "https://shop.example/mug.jpg",
  brand: "Acme",
  inventory: "7",
  ...overrides,
});

describe("productFromFeedRow", () => {
  it("reads Meta's feed columns into a product with minor-unit prices", () => {
    const result = productFromFeedRow(row({ sale_price: "9.99 USD", custom_label_0: "summer" }), "cat1");
    expect(result).toMatchObject({
      ok: true,
      product: {
        retailerId: "sku-1",
        name: "Blue mug",
        priceMinor: 1299,
        salePriceMinor: 999,
        currency: "USD",
        availability: "in_stock",
        availableQuantity: 7,
        imageUrl: "https://shop.example/mug.jpg",
        customAttributes: { custom_label_0: "summer" },
      },
    });
  });

  it("lists every reason a row is bad", () => {
    const result = productFromFeedRow(row({ id: "", price: "12,99", inventory: "-2", availability: "maybe" }), "cat1");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons).toEqual([
      "id is required",
      'price must look like "12.99 USD" (got "12,99")',
      'inventory must be a whole number >= 0 (got "-2")',
      expect.stringContaining("availability must be one of"),
    ]);
  });

  it("refuses a sale price in another currency and a price finer than the currency allows", () => {
    expect(productFromFeedRow(row({ sale_price: "9.99 EUR" }), "cat1").ok).toBe(false);
    expect(productFromFeedRow(row({ price: "1.5 JPY" }), "cat1").ok).toBe(false);
  });
});
