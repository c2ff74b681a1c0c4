// The outbox on the in-memory stores: a write whose publish fails (a process dying right after
// its append) leaves intents that the republisher turns into the very events the writer owed,
// once; an intent whose revision never appeared is kept for a while, then dropped.
import { createInMemoryEventBus, type EventBus, type OutgoingEvent, type ReceivedEvent } from "@switchboard/kit";
import { StockCommandEvent } from "@switchboard/proto";
import type { StockCommand } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import { describe, expect, it } from "vitest";
import { createInMemoryCatalogStores } from "../../test/support/in-memory-catalog-stores.ts";
import { productFixture } from "../../test/support/product-fixtures.ts";
import { buildCatalogService } from "../catalog-service.ts";
import { orderIdOf, productIdOf, stockCommandIdOf } from "../domain/commerce-ids.ts";
import type { CatalogPorts } from "../service/catalog-ports.ts";
import { outboxEntryId } from "../store/event-outbox.ts";
import { stockKeeperHandler } from "./stock-keeper.ts";

const scope = { tenantId: "t1", businessId: "b1" };

function recordingBus(failing: { on: boolean }) {
  const inner = createInMemoryEventBus();
  const published: OutgoingEvent[] = [];
  const bus: EventBus = {
    async publish(events) {
      if (failing.on) throw new Error("the process died before publishing");
      published.push(...events);
      await inner.publish(events);
    },
    subscribe: (s) => inner.subscribe(s),
    close: () => inner.close(),
  };
  return { bus, published };
}

function catalogWith(failing: { on: boolean }) {
  const { bus, published } = recordingBus(failing);
  const clock = { nowMs: 1_700_000_000_000 };
  const ports: CatalogPorts = {
    ...createInMemoryCatalogStores(),
    bus,
    now: () => clock.nowMs,
    orderPolicy: () => "partial",
  };
  return { service: buildCatalogService(ports), ports, published, clock };
}

describe("catalog republisher", () => {
  it("publishes what a write that failed to publish owed, with the writer's ids, exactly once", async () => {
    const failing = { on: true };
    const { service, published } = catalogWith(failing);
    const key = { catalogId: "cat1", retailerId: "sku-1" };
    await expect(
      service.products.upsert(scope, productFixture({ availableQuantity: 5, lowStockThreshold: 4 })),
    ).rejects.toThrow();
    await expect(service.inventory.adjust(scope, key, -2, "damage")).rejects.toThrow();
    expect(published).toEqual([]);

    failing.on = false;
    expect(await service.republisher.republish(0)).toBe(4);
    const id = productIdOf(scope, "cat1", "sku-1");
    expect(published.map((e) => e.id)).toEqual([
      `product:${id}@1`,
      `inventory:${id}@1`,
      `inventory:${id}@2`,
      `low-stock:${id}@2`,
    ]);
    expect(await service.republisher.republish(0)).toBe(0);

    await service.products.remove(scope, key);
    expect(published.map((e) => e.id).slice(4)).toEqual([`product:${id}@2`]);
    expect(await service.republisher.republish(0)).toBe(0);
  });

  it("sends the inventory events of a stock keeper batch that died before publishing, once", async () => {
    const failing = { on: false };
    const { service, ports, published } = catalogWith(failing);
    await service.products.upsert(scope, productFixture({ availableQuantity: 2 }));
    const id = productIdOf(scope, "cat1", "sku-1");
    const command: ReceivedEvent<StockCommand> = {
      id: stockCommandIdOf("reserve", orderIdOf(scope, "wamid.sk"), 0),
      type: StockCommandEvent.type,
      source: "/test",
      time: new Date(),
      tenantId: scope.tenantId,
      key: id,
      data: {
        product: { ...scope, catalogId: "cat1", retailerId: "sku-1" },
        orderId: orderIdOf(scope, "wamid.sk"),
        line: 0,
        kind: "reserve",
        quantity: 1,
      },
      topic: StockCommandEvent.topic,
      partition: 0,
      offset: "7",
      traceHeaders: {},
    };
    failing.on = true;
    await expect(stockKeeperHandler(ports)([command])).rejects.toThrow();
    failing.on = false;
    // The redelivered command finds itself applied and publishes its answer, not the inventory event.
    await stockKeeperHandler(ports)([command]);
    expect(published.map((e) => e.id).filter((e) => e?.startsWith("inventory:"))).toEqual([`inventory:${id}@1`]);
    expect(await service.republisher.republish(0)).toBe(1);
    expect(published.map((e) => e.id).filter((e) => e?.startsWith("inventory:"))).toEqual([
      `inventory:${id}@1`,
      `inventory:${id}@2`,
    ]);
    expect(await service.republisher.republish(0)).toBe(0);
  });

  it("leaves young intents to their writer", async () => {
    const failing = { on: true };
    const { service, clock } = catalogWith(failing);
    await expect(service.products.upsert(scope, productFixture())).rejects.toThrow();
    failing.on = false;
    expect(await service.republisher.republish(30_000)).toBe(0);
    clock.nowMs += 30_001;
    expect(await service.republisher.republish(30_000)).toBe(2);
  });

  it("keeps an intent whose revision is not there yet, and drops it once long abandoned", async () => {
    const { service, ports, clock } = catalogWith({ on: false });
    const atMs = clock.nowMs;
    const entry = {
      id: outboxEntryId(atMs, "w1"),
      atMs,
      refs: [{ chain: "products" as const, id: "p:x", version: 1 }],
    };
    await ports.outbox.add(entry);
    clock.nowMs += 1_000;
    expect(await service.republisher.republish(500)).toBe(0);
    expect(await ports.outbox.olderThan(clock.nowMs, 10)).toEqual([entry]);
    clock.nowMs += 10_000;
    expect(await service.republisher.republish(500)).toBe(0);
    expect(await ports.outbox.olderThan(clock.nowMs, 10)).toEqual([]);
  });
});
