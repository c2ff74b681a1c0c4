// A crash between a catalog write and its publish, on the real broker and store: instance A
// appends (products, stock) and dies before publishing — its publish fails, as a process killed at
// that moment would leave it — and instance B, started afterwards on the same database, sends
// every event A owed. A consumer on Kafka counts the events by id: each revision's event arrives
// exactly once, with the id the writer would have given it, and B's own later writes stay single.
import {
  createLogger,
  type EventBus,
  EventHandlers,
  type ReceivedEvent,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { InventoryChangedEvent, LowStockCrossedEvent, ProductChangedEvent } from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productIdOf } from "../src/domain/commerce-ids.ts";
import { createMongoEventOutbox } from "../src/store/mongo-event-outbox.ts";
import { describeEventOutboxContract } from "./support/event-outbox-contract.ts";
import { useMongoCatalog } from "./support/mongo-catalog-harness.ts";
import { productFixture } from "./support/product-fixtures.ts";

const logger = createLogger({ service: "catalog-outbox-test", level: "warn" });
const scope = { tenantId: "t-outbox", businessId: "b-outbox" };

const contractStore = useMongoCatalog("catalogoutboxcontract");
describeEventOutboxContract("mongo", async () => {
  const { connection } = await contractStore.open(
    // The contract never publishes; a bus that refuses makes sure of it.
    {
      publish: async () => Promise.reject(new Error("unused")),
      subscribe: async () => Promise.reject(new Error("unused")),
      close: async () => {},
    },
  );
  return createMongoEventOutbox(connection);
});

/** A bus whose publishes fail: the process died after its appends, before its events left. */
const dyingBus = (real: EventBus): EventBus => ({
  publish: async () => Promise.reject(new Error("killed before publishing")),
  subscribe: (s) => real.subscribe(s),
  close: async () => {},
});

describe("catalog events after a crash between append and publish", () => {
  const kafka = useKafkaTestBus("catalogoutbox", { logger });
  const mongo = useMongoCatalog("catalogoutbox");
  const seen: string[] = [];
  let watcher: SubscriptionHandle | undefined;

  beforeAll(async () => {
    const record = async (e: ReceivedEvent<unknown>) => {
      seen.push(e.id);
    };
    watcher = await kafka.bus.subscribe({
      groupId: `${kafka.prefix}watcher`,
      handlers: new EventHandlers()
        .on(ProductChangedEvent, record)
        .on(InventoryChangedEvent, record)
        .on(LowStockCrossedEvent, record),
    });
  });
  afterAll(async () => {
    await watcher?.stop();
  });

  it("publishes what the crashed writer owed after a restart, once per revision id", async () => {
    const crashed = await mongo.open(dyingBus(kafka.bus));
    const key = { catalogId: "cat1", retailerId: "sku-crash" };
    const id = productIdOf(scope, key.catalogId, key.retailerId);
    await expect(
      crashed.service.products.upsert(scope, productFixture({ ...key, availableQuantity: 5, lowStockThreshold: 3 })),
    ).rejects.toThrow("killed before publishing");
    await expect(crashed.service.inventory.adjust(scope, key, -3, "damage")).rejects.toThrow(
      "killed before publishing",
    );
    // The writes themselves happened: the store has the revisions, the broker nothing yet.
    expect(await crashed.ports.products.revisions([{ id, version: 1 }])).toHaveLength(1);
    expect((await crashed.ports.stock.tips([id])).get(id)?.version).toBe(2);

    // The restart: a new instance on the same database republishes at startup (as main.ts does).
    const restarted = await mongo.open(kafka.bus);
    const owed = [`product:${id}@1`, `inventory:${id}@1`, `inventory:${id}@2`, `low-stock:${id}@2`];
    expect(await restarted.service.republisher.republish(0)).toBe(owed.length);
    // A second run (another instance, the next tick) finds nothing left to send.
    expect(await restarted.service.republisher.republish(0)).toBe(0);
    // The restarted instance's own write publishes once, and leaves no intent behind.
    await restarted.service.products.remove(scope, key);
    expect(await restarted.service.republisher.republish(0)).toBe(0);

    const expected = [...owed, `product:${id}@2`];
    await eventually(() => expect([...seen].sort()).toEqual([...expected].sort()), 60_000);
    expect(new Set(seen).size).toBe(seen.length);
    expect(await restarted.ports.outbox.olderThan(Date.now() + 1, 10)).toEqual([]);
  }, 120_000);
});
