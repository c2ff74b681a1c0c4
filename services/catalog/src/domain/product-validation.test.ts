import { AppError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import type { ProductInput } from "./product.ts";
import { MAX_LOOKUP_IDS, normalizeRetailerIds, validateProduct } from "./product-validation.ts";

const product = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  catalogId: "cat1",
  retailerId: "sku-1",
  name: "Blue mug",
  description: "",
  priceMinor: 1299,
  salePriceMinor: 0,
  currency: "USD",
  availability: "in_stock",
  condition: "new",
  imageUrl: "",
  link: "",
  brand: "",
  category: "",
  customAttributes: {},
  lowStockThreshold: 0,
  availableQuantity: 5,
  ...overrides,
});

function invalidMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_argument") return error.message;
    throw error;
  }
  throw new Error("expected an invalid_argument error");
}

describe("validateProduct", () => {
  it("accepts a well-formed product, including zero price and zero stock", () => {
    expect(validateProduct(product())).toEqual(product());
    expect(validateProduct(product({ priceMinor: 0, availableQuantity: 0 }))).toEqual(
      product({ priceMinor: 0, availableQuantity: 0 }),
    );
  });

  it.each([
    [{ catalogId: "" }, "catalog_id is required"],
    [{ retailerId: "" }, "retailer_id is required"],
    [{ retailerId: "x".repeat(129) }, "retailer_id must be at most 128 characters"],
    [{ catalogId: "x".repeat(129) }, "catalog_id must be at most 128 characters"],
    [{ name: "  " }, "name is required"],
    [{ priceMinor: -1 }, "price_minor must be a whole number >= 0"],
    [{ priceMinor: 1.5 }, "price_minor must be a whole number >= 0"],
    [{ availableQuantity: -3 }, "available_quantity must be a whole number >= 0"],
    [{ currency: "usd" }, "currency must be a 3-letter upper-case ISO 4217 code"],
    [{ currency: "USDX" }, "currency must be a 3-letter upper-case ISO 4217 code"],
    [{ currency: "" }, "currency must be a 3-letter upper-case ISO 4217 code"],
    [{ salePriceMinor: 1300 }, "sale_price_minor must not exceed price_minor"],
    [{ availability: "sold" as "in_stock" }, expect.stringContaining("availability must be one of")],
    [{ condition: "broken" as "new" }, expect.stringContaining("condition must be one of")],
    [{ lowStockThreshold: -1 }, "low_stock_threshold must be a whole number >= 0"],
  ] satisfies [Partial<ProductInput>, unknown][])("rejects %o", (overrides, message) => {
    expect(invalidMessage(() => validateProduct(product(overrides)))).toEqual(message);
  });

  it("accepts ids of exactly 128 characters", () => {
    expect(validateProduct(product({ retailerId: "x".repeat(128) })).retailerId).toHaveLength(128);
  });
});

describe("normalizeRetailerIds", () => {
  it("deduplicates, keeping first-seen order", () => {
    expect(normalizeRetailerIds(["b", "a", "b", "c", "a"])).toEqual(["b", "a", "c"]);
  });

  it("bounds the number of distinct ids, counting after deduplication", () => {
    const ids = Array.from({ length: MAX_LOOKUP_IDS }, (_, i) => `sku-${i}`);
    expect(normalizeRetailerIds([...ids, ...ids])).toHaveLength(MAX_LOOKUP_IDS);
    expect(invalidMessage(() => normalizeRetailerIds([...ids, "one-more"]))).toBe(
      "retailer_ids must list at most 100 distinct ids",
    );
  });

  it("rejects empty and over-long ids", () => {
    expect(invalidMessage(() => normalizeRetailerIds(["ok", ""]))).toBe("retailer_ids[] is required");
    expect(invalidMessage(() => normalizeRetailerIds(["x".repeat(129)]))).toBe(
      "retailer_ids[] must be at most 128 characters",
    );
  });
});
