import { Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { describe, expect, it } from "vitest";
import { createFakeCommerce } from "../../test/support/fake-commerce.ts";
import { seededRandom } from "../upstream-channel/simulator/seeded-random.ts";
import { simulatedOrder } from "../upstream-channel/simulator/simulated-order.ts";
import { catalogPricesOf } from "./catalog-prices.ts";

const thread = { tenantId: "t", businessId: "b", phoneNumberId: "p", customerId: "1555", customerWaId: "1555" };

describe("simulated customers order at catalog prices", () => {
  it("prices known products from the catalog (sale price first) and leaves unknown ones out", async () => {
    const commerce = createFakeCommerce();
    await commerce.createProduct(
      thread,
      Product.fromPartial({ catalogId: "c", retailerId: "mug", priceMinor: 1299, currency: "USD" }),
    );
    await commerce.createProduct(
      thread,
      Product.fromPartial({ catalogId: "c", retailerId: "tea", priceMinor: 500, salePriceMinor: 450, currency: "EUR" }),
    );
    const prices = await catalogPricesOf(commerce)(thread, "c", ["mug", "tea", "ghost"]);
    expect(prices).toEqual(
      new Map([
        ["mug", { amount: 12.99, currency: "USD" }],
        ["tea", { amount: 4.5, currency: "EUR" }],
      ]),
    );
    const message = {
      thread,
      messageId: "wamid.x",
      type: "interactive",
      bodyJson: "{}",
      bizOpaqueCallbackData: "",
      hosting: undefined,
    };
    for (let seed = 1; seed < 20; seed++) {
      const order = simulatedOrder(
        message,
        { catalogId: "c", retailerIds: ["mug", "tea", "ghost"] },
        "wamid.o",
        0,
        seededRandom(seed),
        prices,
      ) as {
        order: { product_items: { product_retailer_id: string; item_price: number; currency: string }[] };
      };
      for (const item of order.order.product_items) {
        expect(prices.get(item.product_retailer_id)).toEqual({ amount: item.item_price, currency: item.currency });
      }
    }
  });
});
