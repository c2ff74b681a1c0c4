// Orders from chat through the real builder over in-memory stores and bus: intake, stock keeper
// and decider run synchronously per publish, so each test follows an order end to end.
import { event } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  InventoryChangedEvent,
  LowStockCrossedEvent,
  OrderStatusChangedEvent,
  OutboundMessageAcceptedEvent,
  ProductChangedEvent,
  threadKey,
} from "@switchboard/proto";
import { OrderStatusChanged } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import { OutboundMessageAccepted } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { describe, expect, it } from "vitest";
import { catalogHarness } from "../../test/support/catalog-harness.ts";
import { type OrderSpec, orderMessage, productFixture } from "../../test/support/product-fixtures.ts";
import { orderIdOf } from "../domain/commerce-ids.ts";

const scope = { tenantId: "t1", businessId: "b1" };

async function setup(options: Parameters<typeof catalogHarness>[0] = {}) {
  const harness = await catalogHarness(options);
  await harness.service.products.upsert(
    scope,
    productFixture({ retailerId: "mug", availableQuantity: 3, lowStockThreshold: 1 }),
  );
  await harness.service.products.upsert(
    scope,
    productFixture({ retailerId: "tea", priceMinor: 500, availableQuantity: 10 }),
  );
  const order = async (spec: OrderSpec) => {
    const data = orderMessage(spec);
    await harness.bus.publish([
      event(InboundMessageReceivedEvent, {
        key: data.thread ? threadKey(data.thread) : "k",
        tenantId: data.thread?.tenantId ?? "",
        data,
      }),
    ]);
    return harness.service.orders.get(scope, orderIdOf(scope, spec.messageId));
  };
  const stock = async (retailerId: string) =>
    (await harness.service.products.get(scope, { catalogId: "cat1", retailerId }))?.availableQuantity;
  const transitions = () =>
    harness.bus.records
      .filter((r) => r.headers.ce_type?.toString() === OrderStatusChangedEvent.type)
      .map((r) => OrderStatusChanged.decode(r.value as Uint8Array))
      .map((e) => `${e.messageId}:${e.fromStatus}>${e.toStatus}`);
  return { ...harness, order, stock, transitions };
}

describe("orders from chat", () => {
  it("confirms an order it can reserve whole, and inventory drops", async () => {
    const { order, stock, transitions } = await setup();
    const placed = await order({ messageId: "wamid.1", items: [{ retailerId: "mug", quantity: 2, price: 12.99 }] });
    expect(placed.state.status).toBe("confirmed");
    expect(await stock("mug")).toBe(1);
    expect(transitions()).toEqual(["wamid.1:>pending", "wamid.1:pending>confirmed"]);
  });

  it("carries the order as placed on every transition: placing time, hosting, lines at the customer's prices", async () => {
    const { service, bus } = await setup();
    const data = orderMessage({ messageId: "wamid.placed", items: [{ retailerId: "mug", quantity: 2, price: 12.5 }] });
    const hosting = { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] };
    await bus.publish([
      event(InboundMessageReceivedEvent, {
        key: "k",
        tenantId: "t1",
        data: { ...data, hosting },
      }),
    ]);
    const placed = await service.orders.get(scope, orderIdOf(scope, "wamid.placed"));
    const changes = bus.records
      .filter((r) => r.headers.ce_type?.toString() === OrderStatusChangedEvent.type)
      .map((r) => OrderStatusChanged.decode(r.value as Uint8Array))
      .filter((e) => e.messageId === "wamid.placed");
    expect(changes.map((e) => e.toStatus)).toEqual(["pending", "confirmed"]);
    for (const change of changes) {
      expect(change.placedAtMs).toBe(placed.state.createdAtMs);
      expect(change.hosting).toEqual(hosting);
      expect(change.lines).toEqual([{ retailerId: "mug", quantity: 2, itemPriceMinor: 1250, currency: "USD" }]);
    }
  });

  it("publishes every inventory change, and the low-stock crossing once", async () => {
    const { order, bus } = await setup();
    const types = () => bus.records.map((r) => r.headers.ce_type?.toString());
    const before = types().filter((t) => t === InventoryChangedEvent.type).length;
    await order({ messageId: "wamid.low1", items: [{ retailerId: "mug", quantity: 2, price: 12.99 }] });
    await order({ messageId: "wamid.low2", items: [{ retailerId: "mug", quantity: 1, price: 12.99 }] });
    expect(types().filter((t) => t === InventoryChangedEvent.type).length).toBe(before + 2);
    expect(types().filter((t) => t === LowStockCrossedEvent.type)).toHaveLength(1);
    expect(types()).toContain(ProductChangedEvent.type);
  });

  it("takes the same order message three times as one order", async () => {
    const { order, stock } = await setup();
    for (let i = 0; i < 3; i++)
      await order({ messageId: "wamid.dup", items: [{ retailerId: "mug", quantity: 1, price: 12.99 }] });
    expect(await stock("mug")).toBe(2);
  });

  it("confirms partially, naming the unavailable lines, and flags a price that differs", async () => {
    const { order } = await setup();
    const placed = await order({
      messageId: "wamid.2",
      items: [
        { retailerId: "mug", quantity: 5, price: 12.99 },
        { retailerId: "tea", quantity: 1, price: 4.0 },
        { retailerId: "nope", quantity: 1, price: 1 },
      ],
    });
    expect(placed.state.status).toBe("partially_confirmed");
    expect(placed.state.lines.map((l) => [l.retailerId, l.state, l.priceMismatch])).toEqual([
      ["mug", "unavailable", false],
      ["tea", "reserved", true],
      ["nope", "unavailable", false],
    ]);
  });

  it("rejects under the whole-order policy and gives the reserved units back", async () => {
    const { order, stock } = await setup({ policy: "whole" });
    const placed = await order({
      messageId: "wamid.3",
      items: [
        { retailerId: "tea", quantity: 4, price: 5 },
        { retailerId: "mug", quantity: 9, price: 12.99 },
      ],
    });
    expect(placed.state.status).toBe("rejected");
    expect(await stock("tea")).toBe(10);
  });

  it("replies to the customer through the outbound path once the order is decided, if the number wants it", async () => {
    const { order, ports, bus } = await setup();
    await ports.records.saveSettings(scope, "pn1", {
      isCartEnabled: true,
      isCatalogVisible: true,
      orderPolicy: "",
      autoReplies: true,
    });
    await order({ messageId: "wamid.reply", items: [{ retailerId: "mug", quantity: 1, price: 12.99 }] });
    const replies = bus.records
      .filter((r) => r.headers.ce_type?.toString() === OutboundMessageAcceptedEvent.type)
      .map((r) => OutboundMessageAccepted.decode(r.value as Uint8Array));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      type: "text",
      contextMessageId: "wamid.reply",
      thread: { customerId: "15550001111" },
    });
    expect(JSON.parse(replies[0]?.bodyJson ?? "{}")).toMatchObject({
      to: "15550001111",
      text: { body: "Thank you! Your order is confirmed: 1 × mug." },
    });
  });

  it("takes the number's own order policy from its commerce settings", async () => {
    const { order, ports, stock } = await setup({ policy: "partial" });
    await ports.records.saveSettings(scope, "pn1", {
      isCartEnabled: true,
      isCatalogVisible: true,
      orderPolicy: "whole",
      autoReplies: false,
    });
    const placed = await order({
      messageId: "wamid.policy",
      items: [
        { retailerId: "tea", quantity: 1, price: 5 },
        { retailerId: "mug", quantity: 9, price: 12.99 },
      ],
    });
    expect(placed.state).toMatchObject({ status: "rejected", policy: "whole" });
    expect(await stock("tea")).toBe(10);
  });

  it("releases the reservation when the business cancels, and walks the lifecycle", async () => {
    const { order, stock, service, transitions } = await setup();
    const placed = await order({ messageId: "wamid.4", items: [{ retailerId: "mug", quantity: 3, price: 12.99 }] });
    expect(await stock("mug")).toBe(0);
    await service.orders.move(scope, placed.id, "paid");
    await expect(service.orders.move(scope, placed.id, "completed")).rejects.toMatchObject({
      code: "failed_precondition",
    });
    await service.orders.move(scope, placed.id, "cancelled");
    await service.orders.move(scope, placed.id, "cancelled");
    expect(await stock("mug")).toBe(3);
    // The repeated cancel publishes its event again under the same id; downstream dedupes it.
    expect([...new Set(transitions())].slice(-3)).toEqual([
      "wamid.4:pending>confirmed",
      "wamid.4:confirmed>paid",
      "wamid.4:paid>cancelled",
    ]);
  });

  it("never lets another business see or move an order", async () => {
    const { order, service } = await setup();
    const placed = await order({ messageId: "wamid.5", items: [{ retailerId: "mug", quantity: 1, price: 12.99 }] });
    for (const other of [
      { tenantId: "t1", businessId: "b2" },
      { tenantId: "t2", businessId: "b1" },
    ]) {
      await expect(service.orders.get(other, placed.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(service.orders.move(other, placed.id, "cancelled")).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("dead-letters an order message it cannot read", async () => {
    const { bus } = await setup();
    const data = { ...orderMessage({ messageId: "wamid.bad", items: [] }), messageJson: "{" };
    await bus.publish([event(InboundMessageReceivedEvent, { key: "k", tenantId: "t1", data })]);
    expect(bus.deadLetters).toHaveLength(1);
  });
});
