import type { TenantScope } from "@switchboard/kit";
import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryVolumeStore } from "../../test/support/in-memory-volume-store.ts";
import { type EventSpec, receivedEvent, T0 } from "../../test/support/volume-fixtures.ts";
import type { RollupChange, RollupPublisher } from "../domain/count-batch.ts";
import { queryVolumes, type VolumeQuery } from "../domain/volume-query.ts";
import type { VolumeStore } from "../store/volume-store.ts";
import { COUNTED_TOPICS } from "./observation-of.ts";
import { volumeBatchHandler } from "./thread-event-handlers.ts";

const HOUR = 3_600_000;
const GRACE = 5 * 60_000;
const scopeA: TenantScope = { tenantId: "tA", businessId: "" };

function setup(store: VolumeStore = createInMemoryVolumeStore()) {
  const published: RollupChange[][] = [];
  const publisher: RollupPublisher = {
    async publish(changes) {
      published.push(structuredClone([...changes]));
    },
  };
  const handle = volumeBatchHandler({ store, publisher, partitions: 2, topics: COUNTED_TOPICS, graceMs: GRACE });
  const totals = async (query: Partial<VolumeQuery> = {}, scope = scopeA) => {
    const q: VolumeQuery = {
      fromMs: T0 - 24 * HOUR,
      toMs: T0 + 48 * HOUR,
      granularity: "day",
      groupBy: [],
      filters: {},
      utcOffsetMinutes: 0,
      ...query,
    };
    return queryVolumes(await store.listParts(scope, q), q, { nowMs: T0, graceMs: GRACE });
  };
  return { store, published, handle, totals };
}

let offset = 0;
const at = (specs: EventSpec[], partition = 0) => specs.map((s) => receivedEvent(s, partition, offset++));
const out = (messageId: string, atMs: number, extra: Partial<EventSpec> = {}): EventSpec =>
  ({ tenantId: "tA", kind: "outbound", messageId, atMs, hostingMode: "on_premises", ...extra }) as EventSpec;
const inb = (messageId: string, atMs: number, extra: Partial<EventSpec> = {}): EventSpec =>
  ({ tenantId: "tA", kind: "inbound", messageId, atMs, hostingMode: "on_premises", ...extra }) as EventSpec;
const status = (messageId: string, s: string, atMs: number, extra: Partial<EventSpec> = {}): EventSpec =>
  ({ tenantId: "tA", kind: "status", messageId, status: s, atMs, ...extra }) as EventSpec;

describe("counting thread events", () => {
  it("writes no count once the consumer lost its partition (the fence refuses), and counts on the retry", async () => {
    const { handle, totals } = setup();
    const batch = at([inb("f1", T0), out("f2", T0 + 1_000)]);
    const lost = new Error("this consumer no longer owns the partition");
    await expect(handle(batch, { fence: async () => Promise.reject(lost) })).rejects.toBe(lost);
    expect(await totals()).toEqual([]);
    // The partition's next owner gets the same records again: counted once.
    expect(await handle(batch, { fence: async () => {} })).toEqual([]);
    const [day] = await totals();
    expect(day?.measures).toMatchObject({ received: 1, sent: 1 });
  });

  it("counts every measure once, cut by the message's dimensions, statuses included", async () => {
    const { handle, totals } = setup();
    const order = JSON.stringify({ order: { product_items: [{ quantity: 2, item_price: 9.99, currency: "EUR" }] } });
    const batch = at([
      inb("i1", T0, { customerWaId: "447700900123" }),
      inb("i1", T0, { customerWaId: "447700900123" }), // a second copy
      out("o1", T0 + 30_000, { type: "template", category: "marketing", customerWaId: "447700900123" }),
      status("o1", "delivered", T0 + 40_000),
      status("o1", "delivered", T0 + 41_000), // a second copy of the status
      status("o1", "read", T0 + 50_000),
      out("o2", T0 + 60_000, { customerWaId: "447700900123" }),
      status("o2", "failed", T0 + 61_000, { errorCode: 131047 }),
      inb("i2", T0 + 2 * HOUR, { type: "order", messageJson: order, customerWaId: "447700900123" }),
    ]);
    expect(await handle(batch)).toEqual([]);

    const [day] = await totals();
    expect(day?.measures).toEqual({
      received: 2,
      sent: 2,
      delivered: 1,
      read: 1,
      failed: 1,
      "failed:131047": 1,
      unique_customers: 1,
      windows_opened: 1,
      frt_count: 1,
      frt_sum_ms: 30_000,
      "frt_bin:36": 1,
    });
    // The customer's order message is a received message; orders come from catalog's order events.
    expect(day?.measures.orders).toBeUndefined();
    expect(day?.frtMedianMs).toBeGreaterThan(28_500);
    expect(day?.frtMedianMs).toBeLessThan(31_500);
    // The delivered and read statuses take their message's category, hosting mode and country.
    const byCategory = await totals({ groupBy: ["pricingCategory", "hostingMode", "countryCode"] });
    const marketing = byCategory.find((r) => r.group.pricingCategory === "marketing");
    expect(marketing?.group).toEqual({ pricingCategory: "marketing", hostingMode: "on_premises", countryCode: "44" });
    expect(marketing?.measures).toMatchObject({ sent: 1, delivered: 1, read: 1 });
    // Unique customers per hour: one in hour 0, one in hour 2.
    expect((await totals({ granularity: "hour" })).map((r) => r.measures.unique_customers)).toEqual([1, 1]);
  });

  it("counts the platform's provisional 'outcome unknown' apart from failed, and Meta's later report as itself", async () => {
    const { handle, totals } = setup();
    const guess = { errorCode: OUTCOME_UNKNOWN_CODE, errorTitle: OUTCOME_UNKNOWN_TITLE };
    const batch = at([
      out("o1", T0),
      status("o1", "failed", T0 + 10_000, guess), // the answer was lost: the platform's guess
      status("o1", "delivered", T0 + 20_000), // Meta's own report of the same message, later
      out("o2", T0 + 30_000),
      status("o2", "failed", T0 + 40_000, guess), // Meta never reports this one
    ]);
    expect(await handle(batch)).toEqual([]);
    const [day] = await totals();
    expect(day?.measures).toMatchObject({ sent: 2, delivered: 1, outcome_unknown: 2 });
    expect(day?.measures.failed).toBeUndefined();
    expect(day?.measures[`failed:${OUTCOME_UNKNOWN_CODE}`]).toBeUndefined();
  });

  it("stays exact when a chunk is handled, not committed, and redelivered whole or longer, or after a crash", async () => {
    const { store, handle, totals } = setup();
    const specs = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 2
        ? status(`o${i - 1}`, "delivered", T0 + i * 1000)
        : i % 3 === 0
          ? inb(`i${i}`, T0 + i * 1000)
          : out(`o${i}`, T0 + i * 1000),
    );
    const events = specs.map((s, i) => receivedEvent(s, 1, 1000 + i));
    expect(await handle(events.slice(0, 30))).toEqual([]);
    expect(await handle(events.slice(0, 30))).toEqual([]); // crash after the write, before the commit
    expect(await handle(events.slice(0, 45))).toEqual([]); // redelivered as a longer chunk
    const crashing = volumeBatchHandler({
      store: { ...store, applyDeltas: async () => Promise.reject(new Error("crash after recording")) },
      publisher: { publish: async () => undefined },
      partitions: 2,
      topics: COUNTED_TOPICS,
      graceMs: GRACE,
    });
    await expect(crashing(events.slice(45, 55))).rejects.toThrow("crash");
    expect(await handle(events.slice(40, 60))).toEqual([]);
    const [day] = await totals();
    expect(day?.measures).toMatchObject({ received: 20, sent: 20, delivered: 20, windows_opened: 1, frt_count: 20 });
  });

  it("puts late events into their own bucket, publishes them as corrections and closes buckets once", async () => {
    const { handle, published, totals } = setup();
    await handle(at([out("a", T0)]));
    expect(published.at(-1)?.map((c) => c.kind)).toEqual(["open"]);
    // An event arriving after T0's minute + grace closes it, and is late for its own bucket.
    await handle(at([out("b", T0 + 10_000, { arrivedAtMs: T0 + 60_000 + GRACE + 1 })]));
    const changes = published.at(-1) ?? [];
    expect(changes.map((c) => [c.kind, c.key.late, c.measures.sent])).toEqual([
      ["correction", true, 1],
      ["closed", false, 1],
    ]);
    await handle(at([out("c", T0 + 2 * HOUR, { arrivedAtMs: T0 + 2 * HOUR })]));
    expect(published.at(-1)?.map((c) => c.kind)).toEqual(["open"]); // T0 is not closed again
    const minutes = await totals({ granularity: "minute", toMs: T0 + HOUR });
    expect(minutes.map((r) => r.measures.sent)).toEqual([2]); // queries sum on-time and late
  });

  it("rejects a payload naming another tenant than its envelope, counting nothing, and keeps tenants apart", async () => {
    const { handle, totals } = setup();
    const rejected = await handle(
      at([out("x", T0, { payloadTenantId: "tB" }), out("y", T0), out("y", T0, { tenantId: "tB", businessId: "wB" })]),
    );
    expect(rejected).toHaveLength(1);
    expect((await totals()).map((r) => r.measures.sent)).toEqual([1]);
    expect((await totals({}, { tenantId: "tB", businessId: "" })).map((r) => r.measures.sent)).toEqual([1]);
    expect(await totals({}, { tenantId: "tB", businessId: "waba-tA" })).toEqual([]);
  });
});
