import { createInMemoryEventBus } from "@switchboard/kit";
import { MessageVolumeRolledUpEvent } from "@switchboard/proto";
import { MessageVolumeRolledUp } from "@switchboard/proto/gen/switchboard/events/v1/analytics";
import { describe, expect, it } from "vitest";
import { receivedEvent, T0, threadEvent } from "../../test/support/volume-fixtures.ts";
import { createInMemoryVolumeStore } from "../store/in-memory-volume-store.ts";
import { busRollupPublisher } from "./rollup-publisher.ts";
import { threadEventHandlers, volumeBatchHandler } from "./thread-event-handlers.ts";

const all = { phoneNumberId: "", fromMs: T0, toMs: T0 + 60_000 };

async function subscribed() {
  const bus = createInMemoryEventBus();
  const store = createInMemoryVolumeStore();
  const deps = { store, publisher: busRollupPublisher(bus), partitions: 1 };
  await bus.subscribe({ groupId: "analytics", handlers: threadEventHandlers(deps) });
  const rollups = () =>
    bus.records
      .filter((r) => r.topic === MessageVolumeRolledUpEvent.topic)
      .map((r) => ({ key: r.key, ...MessageVolumeRolledUp.decode(r.value) }));
  return { bus, store, deps, rollups };
}

describe("thread event handlers", () => {
  it("counts each direction once per message and publishes absolute rollups keyed by bucket", async () => {
    const { bus, store, rollups } = await subscribed();
    const t1 = (direction: "inbound" | "outbound", messageId: string) =>
      threadEvent({ tenantId: "t1", direction, messageId });
    await bus.publish([t1("outbound", "m1"), t1("outbound", "m1"), t1("inbound", "m2"), t1("outbound", "m3")]);

    // One batch: one rollup per bucket, published together.
    expect(rollups()).toEqual([
      {
        key: `t1/p1/inbound/${T0}`,
        tenantId: "t1",
        phoneNumberId: "p1",
        direction: "inbound",
        bucketStartMs: T0,
        count: 1,
      },
      {
        key: `t1/p1/outbound/${T0}`,
        tenantId: "t1",
        phoneNumberId: "p1",
        direction: "outbound",
        bucketStartMs: T0,
        count: 2,
      },
    ]);
    // A later second copy changes nothing but republishes the same absolute count.
    await bus.publish([t1("outbound", "m3")]);
    expect(rollups().map((r) => r.count)).toEqual([1, 2, 2]);
    expect(await store.listRollups({ tenantId: "t1", businessId: "" }, all)).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 2 },
    ]);
  });

  it("dead-letters a payload naming another tenant than its envelope, counting nothing", async () => {
    const { bus, store } = await subscribed();
    await bus.publish([
      threadEvent({ tenantId: "t1", direction: "outbound", messageId: "m1", payloadTenantId: "t2" }),
      threadEvent({ tenantId: "t1", direction: "outbound", messageId: "m2" }),
    ]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(store.eventCount()).toBe(1);
    expect((await store.listRollups({ tenantId: "t1", businessId: "" }, all)).map((r) => r.count)).toEqual([1]);
  });

  it("stays exact when a chunk is handled, not committed, and redelivered whole or longer", async () => {
    const { store, deps, rollups } = await subscribed();
    const handle = volumeBatchHandler(deps);
    const chunk = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) =>
        receivedEvent(
          { tenantId: "t1", direction: i % 3 === 0 ? "inbound" : "outbound", messageId: `m${from + i}` },
          0,
          from + i,
        ),
      );
    expect(await handle(chunk(100, 199))).toEqual([]);
    expect(await handle(chunk(100, 199))).toEqual([]);
    expect(await handle(chunk(100, 250))).toEqual([]);
    const rollupsNow = await store.listRollups({ tenantId: "t1", businessId: "" }, all);
    expect(rollupsNow.reduce((sum, r) => sum + r.count, 0)).toBe(151);
    expect(rollups().at(-1)?.count).toBe(rollupsNow.find((r) => r.direction === "outbound")?.count);
  });
});
