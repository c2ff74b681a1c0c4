import { describe, expect, it } from "vitest";
import { fact, rollupKey, THREAD_TOPIC } from "../../test/support/volume-fixtures.ts";
import { planCounts } from "./count-plan.ts";
import { type Fact, partIdOf, partRefOf } from "./fact.ts";

const at = (offset: number, partition = 0) => ({ topic: THREAD_TOPIC, partition, offset: String(offset) });
const f = (id: string, offset: number, overrides: Partial<Fact> = {}) =>
  fact({ id: `tenant-a|sent|${id}`, delivery: at(offset), ...overrides });

describe("planning a batch's counts", () => {
  it("counts new facts, skips second copies, and counts a redelivered record iff above appliedOffset", () => {
    const a = f("a", 10);
    const b = f("b", 11);
    const c = f("c", 12);
    const storedA = a; // a redelivered record: stored at its own position
    const storedB = f("b", 3); // b is a second copy: the first copy was at offset 3
    const plan = planCounts({
      facts: [a, b, c],
      duplicates: new Set([0, 1]),
      stored: new Map([
        [a.id, storedA],
        [b.id, storedB],
      ]),
      appliedOffsets: new Map([[partIdOf(partRefOf(a)), "9"]]),
    });
    expect(plan.deltas).toEqual([{ ...partRefOf(a), measures: { sent: 2 }, appliedOffset: "12", created: false }]);
    const counted = planCounts({
      facts: [a, c],
      duplicates: new Set([0, 1]),
      stored: new Map([
        [a.id, a],
        [c.id, c],
      ]),
      appliedOffsets: new Map([[partIdOf(partRefOf(a)), "12"]]),
    });
    expect(counted.deltas).toEqual([]);
    expect(counted.touched).toEqual([partRefOf(a)]);
  });

  it("counts a redelivered record in the part it was first stored in, not the one re-derived now", () => {
    const first = f("s", 20, { key: rollupKey({ hostingMode: "unknown" }) });
    const rederived = f("s", 20, { key: rollupKey({ hostingMode: "on_premises" }) });
    const plan = planCounts({
      facts: [rederived],
      duplicates: new Set([0]),
      stored: new Map([[first.id, first]]),
      appliedOffsets: new Map([[partIdOf(partRefOf(rederived)), "25"]]),
    });
    // The part the record went to was never read as stored: this write creates it.
    expect(plan.deltas).toEqual([{ ...partRefOf(first), measures: { sent: 1 }, appliedOffset: "20", created: true }]);
  });

  it("rejects a duplicate whose stored record is missing instead of guessing", () => {
    const plan = planCounts({
      facts: [f("x", 1)],
      duplicates: new Set([0]),
      stored: new Map(),
      appliedOffsets: new Map(),
    });
    expect(plan).toEqual({ deltas: [], unresolved: [0], touched: [] });
  });
});
