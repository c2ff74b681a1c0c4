// Orders are counted from catalog's order events (OrderStatusChanged on the order topic), once per
// order whichever of its versions comes first, and never from the customer's order message too.
import type { TenantScope } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createInMemoryVolumeStore } from "../../test/support/in-memory-volume-store.ts";
import { type EventSpec, receivedEvent, T0 } from "../../test/support/volume-fixtures.ts";
import type { RollupChange, RollupPublisher } from "../domain/count-batch.ts";
import { queryVolumes, type VolumeQuery } from "../domain/volume-query.ts";
import { COUNTED_TOPICS } from "./observation-of.ts";
import { volumeBatchHandler } from "./thread-event-handlers.ts";

const GRACE = 5 * 60_000;
const HOUR = 3_600_000;
const scope: TenantScope = { tenantId: "tA", businessId: "" };

function setup() {
  const store = createInMemoryVolumeStore();
  const published: RollupChange[][] = [];
  const publisher: RollupPublisher = {
    async publish(changes) {
      published.push(structuredClone([...changes]));
    },
  };
  const handle = volumeBatchHandler({ store, publisher, partitions: 2, topics: COUNTED_TOPICS, graceMs: GRACE });
  const rows = async (query: Partial<VolumeQuery> = {}) => {
    const q: VolumeQuery = {
      fromMs: T0 - HOUR,
      toMs: T0 + 2 * HOUR,
      granularity: "hour",
      groupBy: [],
      filters: {},
      utcOffsetMinutes: 0,
      ...query,
    };
    return queryVolumes(await store.listParts(scope, q), q, { nowMs: T0, graceMs: GRACE });
  };
  return { store, published, handle, rows };
}

const orderMessage = (messageId: string): EventSpec => ({
  tenantId: "tA",
  kind: "inbound",
  messageId,
  atMs: T0,
  type: "order",
  hostingMode: "on_premises",
  messageJson: JSON.stringify({ order: { product_items: [{ quantity: 2, item_price: 9.99, currency: "EUR" }] } }),
});

const orderEvent = (messageId: string, version: number, extra: Partial<EventSpec> = {}): EventSpec =>
  ({
    tenantId: "tA",
    kind: "order",
    messageId,
    orderId: `o:tA/waba-tA/${messageId}`,
    version,
    toStatus: version === 1 ? "pending" : "confirmed",
    atMs: T0 + 1_000 + (version - 1) * 30_000,
    placedAtMs: T0 + 1_000,
    hostingMode: "on_premises",
    lines: [
      { quantity: 2, itemPriceMinor: 999, currency: "EUR" },
      { quantity: 1, itemPriceMinor: 12_000, currency: "INR" },
    ],
    ...extra,
  }) as EventSpec;

const ORDER_MEASURES = {
  orders: 1,
  "orders:EUR": 1,
  "order_value_milli:EUR": 19_980,
  "orders:INR": 1,
  "order_value_milli:INR": 120_000,
};

describe("counting catalog's order events", () => {
  it("counts an order once across its versions, republished copies and redeliveries, and its message as received only", async () => {
    const { handle, rows } = setup();
    const message = receivedEvent(orderMessage("wamid.o1"), 0, 10);
    const orderBatch = [
      receivedEvent(orderEvent("wamid.o1", 1), 1, 100),
      receivedEvent(orderEvent("wamid.o1", 2), 1, 101),
      receivedEvent(orderEvent("wamid.o1", 1), 1, 102), // catalog republished version 1 after a crash
    ];
    expect(await handle([message])).toEqual([]);
    expect(await handle(orderBatch)).toEqual([]);
    // Redelivered (a crash before the offset commit), then replayed again with the next record.
    expect(await handle(orderBatch)).toEqual([]);
    expect(
      await handle([...orderBatch, receivedEvent(orderEvent("wamid.o1", 2, { toStatus: "paid" }), 1, 103)]),
    ).toEqual([]);
    expect(await handle([message])).toEqual([]);

    const [hour] = await rows();
    expect(hour?.measures).toEqual({ received: 1, unique_customers: 1, windows_opened: 1, ...ORDER_MEASURES });
  });

  it("puts an order in its message's row and publishes the row whole from either topic's batch", async () => {
    const { handle, published, rows } = setup();
    expect(await handle([receivedEvent(orderEvent("wamid.o2", 1), 1, 5)])).toEqual([]);
    expect(await handle([receivedEvent(orderMessage("wamid.o2"), 0, 6)])).toEqual([]);
    const byType = await rows({ groupBy: ["direction", "messageType", "pricingCategory", "hostingMode"] });
    expect(byType.map((r) => [r.group, r.measures.received, r.measures.orders])).toEqual([
      [{ direction: "inbound", messageType: "order", pricingCategory: "service", hostingMode: "on_premises" }, 1, 1],
    ]);
    // The thread batch's record of the shared key carries the order counted from the other topic.
    const last = published.at(-1)?.find((c) => c.key.messageType === "order");
    expect(last?.measures).toMatchObject({ received: 1, ...ORDER_MEASURES });
  });

  it("counts an order whose first version was lost from its next one, late when that came after the grace", async () => {
    const { handle, rows, store } = setup();
    const decided = receivedEvent(orderEvent("wamid.o3", 2), 0, 40);
    decided.time = new Date(T0 + 60_000 + GRACE + 5_000);
    expect(await handle([decided])).toEqual([]);
    const [minute] = await rows({ granularity: "minute" });
    expect(minute?.startMs).toBe(T0);
    expect(minute?.measures).toEqual(ORDER_MEASURES);
    const parts = await store.listParts(scope, { fromMs: T0, toMs: T0 + HOUR });
    expect(parts.map((p) => [p.key.bucketStartMs, p.key.late])).toEqual([[T0, true]]);
  });

  it("refuses an order event naming another tenant than its envelope, counting the rest of the batch", async () => {
    const { handle, rows, store } = setup();
    const foreign = receivedEvent(orderEvent("wamid.o4", 1, { payloadTenantId: "tB" }), 0, 1);
    const rejected = await handle([foreign, receivedEvent(orderEvent("wamid.o5", 1), 0, 2)]);
    expect(rejected.map((r) => r.event)).toEqual([foreign]);
    expect((await rows()).map((r) => r.measures)).toEqual([ORDER_MEASURES]);
    expect(store.factCount()).toBe(1);
  });
});
