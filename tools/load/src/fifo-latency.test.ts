import { describe, expect, it } from "vitest";
import { fifoLatencies } from "./fifo-latency.ts";

describe("FIFO accept-to-stored pairing", () => {
  it("pairs the n-th accepted message with the first sample whose count reached n", () => {
    const accepted = [0, 10, 20, 30];
    const samples = [
      { atMs: 5, count: 0 },
      { atMs: 25, count: 2 },
      { atMs: 50, count: 3 },
      { atMs: 75, count: 4 },
    ];
    expect(fifoLatencies(accepted, samples)).toEqual([25, 15, 30, 45]);
  });

  it("leaves messages the count never reached unpaired", () => {
    expect(fifoLatencies([0, 1, 2], [{ atMs: 10, count: 1 }])).toEqual([10, undefined, undefined]);
  });

  it("never goes back when a count dips, and never reports negative latency", () => {
    const samples = [
      { atMs: 10, count: 2 },
      { atMs: 20, count: 1 },
      { atMs: 30, count: 3 },
    ];
    expect(fifoLatencies([0, 15, 25], samples)).toEqual([10, 0, 5]);
  });

  it("discounts messages stored before the first acceptance", () => {
    const samples = [
      { atMs: 0, count: 5 },
      { atMs: 100, count: 6 },
    ];
    expect(fifoLatencies([50], samples, 5)).toEqual([50]);
  });
});
