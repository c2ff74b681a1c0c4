import { describe, expect, it } from "vitest";
import { stockCommandIdOf } from "./commerce-ids.ts";
import {
  adjustStock,
  crossedLowStock,
  planStockCommands,
  type StockCommandAt,
  type StockState,
  setStock,
} from "./stock-ledger.ts";

const owner = { tenantId: "t1", businessId: "b1", catalogId: "c1", retailerId: "r1" };
const stock = (available: number, overrides: Partial<StockState> = {}): StockState => ({
  ...setStock(undefined, owner, available, 0),
  ...overrides,
});
let offset = 0;
const command = (kind: "reserve" | "release", orderId: string, quantity: number, line = 0): StockCommandAt => ({
  commandId: stockCommandIdOf(kind, orderId, line),
  kind,
  orderId,
  line,
  quantity,
  partition: 0,
  offset: String(offset++),
});

describe("planStockCommands", () => {
  it("reserves whole lines while stock lasts and answers 0 after", () => {
    const { next, answers } = planStockCommands(
      stock(5),
      [command("reserve", "o1", 3), command("reserve", "o2", 3), command("reserve", "o3", 2)],
      new Map(),
    );
    expect([...answers.values()]).toEqual([3, 0, 2]);
    expect(next).toMatchObject({ available: 0, reserved: 5, delta: -5, reason: "reserve" });
  });

  it("never lets available go below zero, whatever the order of commands", () => {
    const commands = Array.from({ length: 200 }, (_, i) => command("reserve", `o${i}`, 1 + (i % 3)));
    const { next } = planStockCommands(stock(50), commands, new Map());
    expect(next?.available).toBeGreaterThanOrEqual(0);
    expect((next?.available ?? 0) + (next?.reserved ?? 0)).toBe(50);
  });

  it("gives a duplicate command its recorded answer and moves no stock", () => {
    const first = command("reserve", "o1", 2);
    const again = { ...command("reserve", "o1", 2), commandId: first.commandId };
    const { next, answers } = planStockCommands(stock(5), [first, again], new Map());
    expect(next?.available).toBe(3);
    expect(answers.get(first.commandId)).toBe(2);
    const later = planStockCommands(next, [{ ...again, offset: String(offset++) }], answers);
    expect(later.next).toBeUndefined();
  });

  it("releases exactly what the line reserved, once", () => {
    const reserve = command("reserve", "o1", 2);
    const release = command("release", "o1", 2);
    const { next } = planStockCommands(
      stock(5),
      [reserve, release, { ...release, offset: String(offset++) }],
      new Map(),
    );
    expect(next).toMatchObject({ available: 5, reserved: 0 });
  });

  it("releases nothing for a line that reserved nothing", () => {
    const { next } = planStockCommands(stock(1), [command("reserve", "o1", 2), command("release", "o1", 2)], new Map());
    expect(next).toMatchObject({ available: 1, reserved: 0 });
  });

  it("answers 0 for a product without stock and writes nothing", () => {
    const plan = planStockCommands(undefined, [command("reserve", "o1", 1)], new Map());
    expect(plan.next).toBeUndefined();
    expect([...plan.answers.values()]).toEqual([0]);
  });

  it("refuses to re-apply a command the ledger applied without a record of its answer", () => {
    const applied = stock(5, { appliedPartition: 0, appliedOffset: "100" });
    expect(() => planStockCommands(applied, [{ ...command("reserve", "o9", 1), offset: "50" }], new Map())).toThrow(
      /no record/,
    );
  });
});

describe("adjustments and thresholds", () => {
  it("refuses to remove more than is available", () => {
    expect(() => adjustStock(stock(2), -3, "damaged")).toThrow(/only 2 units/);
    expect(adjustStock(stock(2), 5, "restock")).toMatchObject({ available: 7, reason: "adjust:restock", delta: 5 });
  });

  it("crosses the low-stock threshold once, on the way down", () => {
    const before = stock(6, { lowStockThreshold: 5 });
    expect(crossedLowStock(before, { ...before, available: 5 })).toBe(true);
    expect(crossedLowStock({ ...before, available: 5 }, { ...before, available: 4 })).toBe(false);
    expect(crossedLowStock(before, { ...before, available: 7 })).toBe(false);
    expect(crossedLowStock(before, { ...before, available: 0, lowStockThreshold: 0 })).toBe(false);
  });
});
