import { describe, expect, it } from "vitest";
import { countedEvent, T0, THREAD_TOPIC } from "../../test/support/volume-fixtures.ts";
import { type AppliedState, planCounts } from "./count-plan.ts";
import { type CountedEvent, compareOffsets, type Delivery, volumeEventIdOf } from "./counted-event.ts";
import { partRefOf, rollupPartIdOf } from "./rollup-parts.ts";

const at = (offset: number, partition = 0): Delivery => ({ topic: THREAD_TOPIC, partition, offset: String(offset) });
const message = (messageId: string, offset: number, overrides: Partial<CountedEvent> = {}) =>
  countedEvent({ messageId, delivery: at(offset), ...overrides });
const partId = (event: CountedEvent) => rollupPartIdOf(partRefOf(event));

/**
 * Stored state as the planner sees it, without a store: the records and parts a real store
 * would hold. `attempt` runs one delivery of a chunk; `apply: false` is a crash after the insert.
 */
function simulatedStore() {
  const records = new Map<string, Delivery>();
  const parts = new Map<string, AppliedState & { count: number }>();
  return {
    parts,
    total: () => [...parts.values()].reduce((sum, p) => sum + p.count, 0),
    attempt(events: readonly CountedEvent[], { apply = true } = {}) {
      const duplicates = new Set<number>();
      events.forEach((e, i) => {
        const id = volumeEventIdOf(e);
        if (records.has(id)) duplicates.add(i);
        else records.set(id, e.delivery);
      });
      const plan = planCounts({ events, duplicates, deliveries: new Map(records), parts: new Map(parts) });
      if (!apply) return plan;
      for (const d of plan.deltas) {
        const id = rollupPartIdOf(d);
        const part = parts.get(id) ?? { count: 0, appliedOffset: d.appliedOffset };
        part.count += d.delta;
        if (compareOffsets(d.appliedOffset, part.appliedOffset) > 0) part.appliedOffset = d.appliedOffset;
        parts.set(id, part);
      }
      return plan;
    },
  };
}

/** Offsets [from, to] of one partition; even offsets outbound, odd inbound (two buckets). */
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const offset = from + i;
    return message(`m${offset}`, offset, { direction: offset % 2 === 0 ? "outbound" : "inbound" });
  });

describe("planning counts for a batch", () => {
  it("counts new events, one delta per part up to its last offset", () => {
    const events = [message("m1", 5), message("m2", 6), message("m3", 8, { direction: "inbound" })];
    const plan = planCounts({ events, duplicates: new Set(), deliveries: new Map(), parts: new Map() });
    expect(plan.deltas.map((d) => [d.direction, d.delta, d.appliedOffset])).toEqual([
      ["outbound", 2, "6"],
      ["inbound", 1, "8"],
    ]);
    expect(plan.deltas[0]).toMatchObject({
      tenantId: "tenant-a",
      businessId: "waba-a",
      phoneNumberId: "p1",
      partition: 0,
    });
    expect(plan.buckets).toEqual([
      { tenantId: "tenant-a", phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, topic: THREAD_TOPIC },
      { tenantId: "tenant-a", phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, topic: THREAD_TOPIC },
    ]);
    expect(plan.unresolved).toEqual([]);
  });

  it("counts a redelivered record that was recorded but never applied", () => {
    const events = [message("m1", 5), message("m2", 6)];
    const deliveries = new Map(events.map((e) => [volumeEventIdOf(e), e.delivery]));
    const plan = planCounts({ events, duplicates: new Set([0, 1]), deliveries, parts: new Map() });
    expect(plan.deltas.map((d) => d.delta)).toEqual([2]);

    // The part exists but was applied only up to before these offsets (an earlier batch).
    const earlier = new Map([[partId(events[0] ?? message("", 0)), { appliedOffset: "4" }]]);
    expect(planCounts({ events, duplicates: new Set([0, 1]), deliveries, parts: earlier }).deltas[0]?.delta).toBe(2);
  });

  it("does not count a redelivered record again once its part was applied past it", () => {
    const events = [message("m1", 5), message("m2", 6)];
    const deliveries = new Map(events.map((e) => [volumeEventIdOf(e), e.delivery]));
    const parts = new Map([[partId(message("x", 0)), { appliedOffset: "6" }]]);
    const plan = planCounts({ events, duplicates: new Set([0, 1]), deliveries, parts });
    expect(plan.deltas).toEqual([]);
    // Still touched: its absolute count is published again (a crash may have hit before the publish).
    expect(plan.buckets).toHaveLength(1);
  });

  it("never counts a second copy of a message delivered at another position", () => {
    const copy = message("m1", 9);
    const deliveries = new Map([[volumeEventIdOf(copy), at(3)]]);
    expect(planCounts({ events: [copy], duplicates: new Set([0]), deliveries, parts: new Map() }).deltas).toEqual([]);
    // Same offset on another partition is another position too.
    const elsewhere = new Map([[volumeEventIdOf(copy), at(9, 1)]]);
    expect(
      planCounts({ events: [copy], duplicates: new Set([0]), deliveries: elsewhere, parts: new Map() }).deltas,
    ).toEqual([]);
  });

  it("counts a message repeated within one batch once", () => {
    const sim = simulatedStore();
    const plan = sim.attempt([message("m1", 1), message("m2", 2), message("m1", 3)]);
    expect(plan.deltas.map((d) => [d.delta, d.appliedOffset])).toEqual([[2, "3"]]);
    sim.attempt([message("m1", 1), message("m2", 2), message("m1", 3)]);
    expect(sim.total()).toBe(2);
  });

  it("keeps buckets apart: each part gets its own delta and applied offset", () => {
    const sim = simulatedStore();
    sim.attempt([message("a", 1), message("b", 2, { bucketStartMs: T0 + 60_000 }), message("c", 3)]);
    expect([...sim.parts.values()]).toEqual([
      { count: 2, appliedOffset: "3" },
      { count: 1, appliedOffset: "2" },
    ]);
    // A redelivery of b alone: its own part was applied up to 2, so nothing is added.
    expect(sim.attempt([message("b", 2, { bucketStartMs: T0 + 60_000 })]).deltas).toEqual([]);
  });

  it("rejects a duplicate whose stored record cannot be read rather than guess", () => {
    const plan = planCounts({
      events: [message("m1", 5)],
      duplicates: new Set([0]),
      deliveries: new Map(),
      parts: new Map(),
    });
    expect(plan).toEqual({ deltas: [], buckets: [], unresolved: [0] });
  });

  describe("when chunk boundaries differ between attempts", () => {
    it("counts 100–199 applied, then a redelivered 100–250, once each", () => {
      const sim = simulatedStore();
      sim.attempt(range(100, 199));
      expect(sim.total()).toBe(100);
      sim.attempt(range(100, 250));
      expect(sim.total()).toBe(151);
      sim.attempt(range(100, 250));
      expect(sim.total()).toBe(151);
    });

    it("counts 100–250 recorded but crashed, then 100–199 and 200–250, once each", () => {
      const sim = simulatedStore();
      sim.attempt(range(100, 250), { apply: false });
      expect(sim.total()).toBe(0);
      sim.attempt(range(100, 199));
      expect(sim.total()).toBe(100);
      sim.attempt(range(200, 250));
      expect(sim.total()).toBe(151);
    });

    it("adds nothing and lowers no applied offset when a shorter chunk follows an applied longer one", () => {
      const sim = simulatedStore();
      sim.attempt(range(100, 250));
      const offsets = [...sim.parts.values()].map((p) => p.appliedOffset);
      expect(sim.attempt(range(100, 199)).deltas).toEqual([]);
      expect(sim.attempt(range(150, 150)).deltas).toEqual([]);
      expect([...sim.parts.values()].map((p) => p.appliedOffset)).toEqual(offsets);
      expect(sim.total()).toBe(151);
    });

    it("counts new events after a redelivered prefix and keeps later genuine copies out", () => {
      const sim = simulatedStore();
      sim.attempt(range(100, 149));
      // The redelivery carries the same records plus new ones, among them copies of m100 and m101.
      sim.attempt([...range(100, 160), message("m100", 161), message("m101", 162, { direction: "inbound" })]);
      expect(sim.total()).toBe(61);
    });
  });
});
