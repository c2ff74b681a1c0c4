import { describe, expect, it } from "vitest";
import { parseOrderMessage } from "./order-message.ts";

const message = (order: unknown) => JSON.stringify({ id: "wamid.1", type: "order", order });

describe("parseOrderMessage", () => {
  it("reads Meta's order shape, quantities given as numbers or strings", () => {
    const parsed = parseOrderMessage(
      message({
        catalog_id: "123",
        product_items: [
          { product_retailer_id: "sku-1", quantity: 2, item_price: 12.99, currency: "USD" },
          { product_retailer_id: "sku-2", quantity: "1", item_price: "5", currency: "usd" },
        ],
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      catalogId: "123",
      items: [
        { retailerId: "sku-1", quantity: 2, itemPriceMinor: 1299, currency: "USD" },
        { retailerId: "sku-2", quantity: 1, itemPriceMinor: 500, currency: "USD" },
      ],
    });
  });

  it.each([
    ["not json", "{"],
    ["no order", JSON.stringify({ type: "order" })],
    ["no items", message({ catalog_id: "1", product_items: [] })],
    [
      "zero quantity",
      message({
        catalog_id: "1",
        product_items: [{ product_retailer_id: "a", quantity: 0, item_price: 1, currency: "USD" }],
      }),
    ],
    [
      "bad currency",
      message({
        catalog_id: "1",
        product_items: [{ product_retailer_id: "a", quantity: 1, item_price: 1, currency: "dollars" }],
      }),
    ],
  ])("refuses %s", (_, json) => {
    expect(parseOrderMessage(json).ok).toBe(false);
  });
});
