import { describe, expect, it } from "vitest";
import { createDeliveryHints } from "./delivery-hints.ts";

const a = { tenantId: "t1", businessId: "a" };
const b = { tenantId: "t1", businessId: "b" };
const due = (ids: readonly string[], dueAtMs: number) => ids.map((deliveryId) => ({ deliveryId, dueAtMs }));
const idsOf = (refs: readonly { deliveryId: string }[]) => refs.map((ref) => ref.deliveryId);

describe("delivery hints", () => {
  it("hands out what is due, earliest first, and forgets what it handed out", () => {
    const hints = createDeliveryHints(100);
    hints.add(a, [...due(["later"], 50), ...due(["second"], 10), ...due(["first"], 0)]);
    expect(idsOf(hints.take(10, 10, 10, []))).toEqual(["first", "second"]);
    expect(hints.take(10, 10, 10, [])).toEqual([]);
    expect(hints.take(50, 10, 10, [])).toEqual([{ scope: a, deliveryId: "later" }]);
    expect(hints.size()).toBe(0);
  });

  it("shares a round between businesses and caps each", () => {
    const hints = createDeliveryHints(100);
    hints.add(
      a,
      due(
        Array.from({ length: 30 }, (_, i) => `a${i}`),
        0,
      ),
    );
    hints.add(b, due(["b0", "b1"], 0));
    const round = hints.take(0, 10, 10, []);
    expect(round.filter((ref) => ref.scope.businessId === "b")).toHaveLength(2);
    expect(round.filter((ref) => ref.scope.businessId === "a")).toHaveLength(8);
    expect(hints.take(0, 10, 4, [])).toHaveLength(4);
    expect(hints.size()).toBe(18);
  });

  it("counts an expedited business's backing-off hints as due", () => {
    const hints = createDeliveryHints(100);
    hints.add(a, due(["retry"], 60_000));
    hints.add(b, due(["other"], 60_000));
    expect(hints.take(1, 10, 10, [a])).toEqual([{ scope: a, deliveryId: "retry" }]);
  });

  it("tells which deliveries it holds, per business", () => {
    const hints = createDeliveryHints(100);
    hints.add(a, due(["d1"], 0));
    expect(hints.has(a, "d1")).toBe(true);
    expect(hints.has(b, "d1")).toBe(false); // another business's delivery of that id
    hints.take(0, 10, 10, []);
    expect(hints.has(a, "d1")).toBe(false);
  });

  it("keeps one hint per delivery, at its latest time, and no more than its bound", () => {
    const hints = createDeliveryHints(3);
    hints.add(a, due(["d1"], 0));
    hints.add(a, due(["d1"], 100)); // rescheduled: the new time replaces the old
    expect(hints.take(0, 10, 10, [])).toEqual([]);
    hints.add(b, due(["d2", "d3", "d4"], 0)); // one over the bound: left to the store's scan
    expect(hints.size()).toBe(3);
    expect(idsOf(hints.take(100, 10, 10, [])).sort()).toEqual(["d1", "d2", "d3"]);
  });
});
