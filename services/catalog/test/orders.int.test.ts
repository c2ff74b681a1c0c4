// Orders from chat on the real broker and store, Jepsen style: publish inbound order messages
// the way ingress does, let the three consumers (intake, stock keeper, decider) run, then count
// every order and audit every revision of the stock ledger. Each case orders its own product, so
// cases never see each other's stock. The last case calls the stock keeper of two instances on
// one batch at the same moment, as two consumers owning one partition during a rebalance would.
import {
  createInMemoryEventBus,
  createKafkaEventBus,
  createLogger,
  type EventBus,
  event,
  type ReceivedEvent,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { testKeyRing, useKafkaTestBus } from "@switchboard/kit/testing";
import { InboundMessageReceivedEvent, StockCommandEvent, threadKey } from "@switchboard/proto";
import type { StockCommand } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderIdOf, productIdOf, stockCommandIdOf } from "../src/domain/commerce-ids.ts";
import type { OrderState } from "../src/domain/order.ts";
import type { StockState } from "../src/domain/stock-ledger.ts";
import { stockKeeperHandler } from "../src/events/stock-keeper.ts";
import { type MongoCatalog, useMongoCatalog } from "./support/mongo-catalog-harness.ts";
import { orderMessage, productFixture } from "./support/product-fixtures.ts";

const logger = createLogger({ service: "catalog-orders-test", level: "warn" });
const scope = { tenantId: "t-orders", businessId: "b-orders" };
const LONG = 180_000;

describe("orders on Kafka and the real store", () => {
  const kafka = useKafkaTestBus("catalogorders", { partitions: 3, logger });
  const mongo = useMongoCatalog("catalogorders");
  const extraBuses: EventBus[] = [];
  const handles: SubscriptionHandle[] = [];
  let a: MongoCatalog;

  beforeAll(async () => {
    a = await mongo.open(kafka.bus);
    handles.push(...(await a.service.consume()));
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    await Promise.all(extraBuses.map((b) => b.close()));
  });

  const stocked = (retailerId: string, units: number) =>
    a.service.products.upsert(scope, productFixture({ retailerId, availableQuantity: units }));

  /** Publishes one order message per customer, all at once (200 concurrent publishes). */
  const placeOrders = (bus: EventBus, retailerId: string, ids: readonly string[], quantity = 1) =>
    Promise.all(
      ids.map((messageId, i) => {
        const data = orderMessage({
          ...scope,
          messageId,
          customerId: `1555${String(i).padStart(7, "0")}`,
          items: [{ retailerId, quantity, price: 12.99 }],
        });
        return bus.publish([
          event(InboundMessageReceivedEvent, {
            key: data.thread ? threadKey(data.thread) : messageId,
            tenantId: scope.tenantId,
            data,
          }),
        ]);
      }),
    );

  /** Waits until every order is decided; returns them. */
  const decided = (messageIds: readonly string[]) =>
    eventually(
      async () => {
        const tips = await a.ports.orders.tips(messageIds.map((m) => orderIdOf(scope, m)));
        const orders = [...tips.values()].map((t) => t.state);
        expect(orders).toHaveLength(messageIds.length);
        expect(orders.filter((o) => o.status === "pending")).toEqual([]);
        return orders;
      },
      120_000,
      500,
    );

  /** Every ledger revision of a product, oldest first: the audit trail. */
  const ledger = async (retailerId: string) => {
    const docs = await a.connection.db
      ?.collection<{ version: number; state: StockState }>("stock_revisions")
      .find({ entity: productIdOf(scope, "cat1", retailerId) })
      .toArray();
    return (docs ?? []).sort((x, y) => x.version - y.version);
  };

  const audit = async (retailerId: string, orders: readonly OrderState[], units: number) => {
    const revisions = await ledger(retailerId);
    expect(revisions.map((r) => r.version)).toEqual(revisions.map((_, i) => i + 1));
    for (const r of revisions) expect(r.state.available).toBeGreaterThanOrEqual(0);
    const tip = revisions.at(-1)?.state;
    const held = orders.flatMap((o) => o.lines).reduce((sum, l) => sum + l.reservedQuantity, 0);
    expect(tip?.reserved).toBe(held);
    expect((tip?.available ?? 0) + (tip?.reserved ?? 0)).toBe(units);
    return tip;
  };

  it(
    "answers 200 concurrent orders for 50 units with exactly 50 reserved, never below zero",
    async () => {
      await stocked("hot", 50);
      const ids = Array.from({ length: 200 }, (_, i) => `wamid.hot.${i}`);
      await placeOrders(kafka.bus, "hot", ids);
      const orders = await decided(ids);
      expect(orders.filter((o) => o.status === "confirmed")).toHaveLength(50);
      expect(orders.filter((o) => o.status === "rejected")).toHaveLength(150);
      expect(await audit("hot", orders, 50)).toMatchObject({ available: 0, reserved: 50 });
    },
    LONG,
  );

  it(
    "takes the same order webhook delivered three times as one order",
    async () => {
      await stocked("dup", 10);
      for (let i = 0; i < 3; i++) await placeOrders(kafka.bus, "dup", ["wamid.dup"], 2);
      const [order] = await decided(["wamid.dup"]);
      expect(order?.status).toBe("confirmed");
      const revisions = await a.connection.db
        ?.collection("orders_revisions")
        .countDocuments({ entity: orderIdOf(scope, "wamid.dup") });
      expect(revisions).toBe(2); // created, then decided: no second order, no second decision
      expect(await audit("dup", order ? [order] : [], 10)).toMatchObject({ available: 8, reserved: 2 });
    },
    LONG,
  );

  it(
    "gives the stock back when the business cancels",
    async () => {
      await stocked("cancel", 3);
      await placeOrders(kafka.bus, "cancel", ["wamid.cancel"], 3);
      await decided(["wamid.cancel"]);
      await a.service.orders.move(scope, orderIdOf(scope, "wamid.cancel"), "cancelled");
      await eventually(async () => {
        expect(await a.service.products.get(scope, { catalogId: "cat1", retailerId: "cancel" })).toMatchObject({
          availableQuantity: 3,
          reservedQuantity: 0,
        });
      });
    },
    LONG,
  );

  it(
    "never oversells while a second instance joins the consumer groups mid-stream",
    async () => {
      await stocked("rebalance", 50);
      const ids = Array.from({ length: 200 }, (_, i) => `wamid.rebalance.${i}`);
      await placeOrders(kafka.bus, "rebalance", ids.slice(0, 100));
      const secondBus = await createKafkaEventBus({
        brokers: testServers().kafkaBrokers,
        clientId: "catalog-orders-test-b",
        source: "/switchboard/test-b",
        topicPrefix: kafka.prefix,
        partitions: 3,
        logger,
        // A second instance of the platform: it signs and checks event origin with the same keys.
        origin: testKeyRing,
      });
      extraBuses.push(secondBus);
      const b = await mongo.open(secondBus);
      handles.push(...(await b.service.consume()));
      await placeOrders(secondBus, "rebalance", ids.slice(100));
      const orders = await decided(ids);
      expect(orders.filter((o) => o.status === "confirmed")).toHaveLength(50);
      expect(await audit("rebalance", orders, 50)).toMatchObject({ available: 0, reserved: 50 });
    },
    LONG,
  );

  it("never oversells when two instances apply the same batch of commands at the same moment", async () => {
    const [x, y] = [await mongo.open(createInMemoryEventBus()), await mongo.open(createInMemoryEventBus())];
    await x.service.products.upsert(scope, productFixture({ retailerId: "race", availableQuantity: 30 }));
    const batch = Array.from({ length: 100 }, (_, i) =>
      commandEvent("race", `${orderIdOf(scope, `wamid.race.${i}`)}`, i),
    );
    const [first, second] = await Promise.allSettled([
      stockKeeperHandler(x.ports)(batch),
      stockKeeperHandler(y.ports)(batch),
      x.service.inventory.adjust(scope, { catalogId: "cat1", retailerId: "race" }, 5, "restock"),
    ]);
    // A writer that lost every attempt throws (its batch would be retried); retry it as Kafka would.
    if (first.status === "rejected") await stockKeeperHandler(x.ports)(batch);
    if (second.status === "rejected") await stockKeeperHandler(y.ports)(batch);
    const markers = await x.ports.markers.read(batch.map((e) => stockCommandIdOf("reserve", e.data.orderId, 0)));
    const reserved = [...markers.values()].reduce((sum, units) => sum + units, 0);
    const tip = (await ledger("race")).at(-1)?.state;
    // The restock lands before, between or after the reservations: 30 or more units are held.
    expect(reserved).toBeGreaterThanOrEqual(30);
    expect(tip?.reserved).toBe(reserved);
    expect((tip?.available ?? 0) + (tip?.reserved ?? 0)).toBe(35);
    for (const r of await ledger("race")) expect(r.state.available).toBeGreaterThanOrEqual(0);
  });
});

function commandEvent(retailerId: string, orderId: string, offset: number): ReceivedEvent<StockCommand> {
  const product = { ...scope, catalogId: "cat1", retailerId };
  return {
    id: stockCommandIdOf("reserve", orderId, 0),
    type: StockCommandEvent.type,
    source: "/test",
    time: new Date(),
    tenantId: scope.tenantId,
    key: productIdOf(scope, "cat1", retailerId),
    data: { product, orderId, line: 0, kind: "reserve", quantity: 1 },
    topic: StockCommandEvent.topic,
    partition: 0,
    offset: String(offset),
    traceHeaders: {},
  };
}
