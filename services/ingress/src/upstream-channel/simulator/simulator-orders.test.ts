// Simulated customers' orders, with a manual clock and fixed seeds: an order answers only a
// product or product_list message, names only products that message showed, in Meta's order
// webhook shape; rate 0 never orders; a seed replays the same orders.
import { describe, expect, it } from "vitest";
import type { UpstreamMessage } from "../upstream-channel.ts";
import { manualClock } from "./clock.ts";
import { namedProducts } from "./simulated-order.ts";
import { createSimulatorChannel, type SimulatorUpdate } from "./simulator-channel.ts";

const LISTED = ["sku-espresso", "sku-lungo", "sku-decaf", "sku-filter", "sku-cold-brew"];
const productList = {
  type: "interactive",
  interactive: {
    type: "product_list",
    header: { type: "text", text: "Coffee" },
    body: { text: "Pick your beans" },
    action: {
      catalog_id: "700100200300",
      sections: [
        { title: "Beans", product_items: LISTED.slice(0, 3).map((id) => ({ product_retailer_id: id })) },
        { title: "More", product_items: LISTED.slice(3).map((id) => ({ product_retailer_id: id })) },
      ],
    },
  },
};
const text = { type: "text", text: { body: "hello" } };

const message = (n: number, body: unknown): UpstreamMessage => ({
  thread: { tenantId: "t", businessId: "b", phoneNumberId: "100", customerId: "15550001", customerWaId: "15550001" },
  messageId: `wamid.order-${n}`,
  type: (body as { type: string }).type,
  bodyJson: JSON.stringify(body),
  bizOpaqueCallbackData: "",
  hosting: undefined,
});

async function run(body: unknown, rates: { orderRate: number; replyRate: number }, seed = 7, count = 20) {
  const clock = manualClock(1_000_000);
  const updates: SimulatorUpdate[] = [];
  const channel = createSimulatorChannel({
    seed,
    clock,
    onUpdate: (u) => updates.push(u),
    failureRate: 0,
    readRate: 1,
    ...rates,
  });
  for (let n = 0; n < count; n++) {
    const result = await channel.send(message(n, body));
    if (result.ok) result.followUp?.();
  }
  clock.advance(120_000);
  return updates.flatMap((u) => (u.kind === "reply" ? [u.reply] : []));
}

const orders = (replies: Record<string, unknown>[]) => replies.filter((r) => r.type === "order");

describe("simulated orders", () => {
  it("orders a subset of a product_list's ids, each with quantity ≥ 1, in Meta's order shape", async () => {
    const placed = orders(await run(productList, { orderRate: 1, replyRate: 0 }));
    expect(placed).toHaveLength(20);
    const counts = new Set<number>();
    for (const order of placed) {
      expect(order).toMatchObject({
        from: "15550001",
        type: "order",
        order: { catalog_id: "700100200300", text: "" },
      });
      expect(order.id).toMatch(/^wamid\.SIM/);
      expect(order.timestamp).toMatch(/^[0-9]+$/);
      const items = (order.order as { product_items: Record<string, unknown>[] }).product_items;
      counts.add(items.length);
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.length).toBeLessThanOrEqual(3);
      const ids = items.map((i) => i.product_retailer_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of items) {
        expect(LISTED).toContain(item.product_retailer_id);
        expect(item.quantity).toBeGreaterThanOrEqual(1);
        expect(item.item_price).toBeGreaterThan(0);
        expect(item.currency).toBe("USD");
        expect(Object.keys(item).sort()).toEqual(["currency", "item_price", "product_retailer_id", "quantity"]);
      }
    }
    // 1 to 3 products: over 20 orders more than one size shows up.
    expect(counts.size).toBeGreaterThan(1);
  });

  it("orders the one product of a product message", async () => {
    const product = {
      type: "interactive",
      interactive: { type: "product", action: { catalog_id: "700100200300", product_retailer_id: "sku-lungo" } },
    };
    const placed = orders(await run(product, { orderRate: 1, replyRate: 0 }, 7, 3));
    expect(placed).toHaveLength(3);
    for (const order of placed) {
      expect((order.order as { product_items: unknown[] }).product_items).toEqual([
        expect.objectContaining({ product_retailer_id: "sku-lungo" }),
      ]);
    }
  });

  it("never orders in answer to a text message, even at order rate 1", async () => {
    const replies = await run(text, { orderRate: 1, replyRate: 1 });
    expect(replies).toHaveLength(20);
    expect(orders(replies)).toEqual([]);
  });

  it("never orders at order rate 0", async () => {
    expect(orders(await run(productList, { orderRate: 0, replyRate: 1 }))).toEqual([]);
  });

  it("places the same orders for the same seed, and different ones for another seed", async () => {
    const rates = { orderRate: 0.5, replyRate: 0.5 };
    const first = await run(productList, rates, 42);
    expect(orders(first).length).toBeGreaterThan(0);
    expect(await run(productList, rates, 42)).toEqual(first);
    expect(await run(productList, rates, 43)).not.toEqual(first);
  });

  it("finds no products in a catalog_message, a text or malformed JSON", () => {
    const catalog = {
      type: "interactive",
      interactive: { type: "catalog_message", action: { name: "catalog_message", parameters: {} } },
    };
    expect(namedProducts(JSON.stringify(catalog))).toBeUndefined();
    expect(namedProducts(JSON.stringify(text))).toBeUndefined();
    expect(namedProducts("{not json")).toBeUndefined();
    expect(namedProducts(JSON.stringify(productList))).toEqual({ catalogId: "700100200300", retailerIds: LISTED });
  });
});
