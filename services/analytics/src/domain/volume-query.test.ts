import { AppError } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { assertValidRange, MAX_RANGE_MS, totalsOf } from "./volume-query.ts";

describe("volume query", () => {
  it("accepts a non-empty range up to 31 days", () => {
    expect(() => assertValidRange(0, 1)).not.toThrow();
    expect(() => assertValidRange(1_000, 1_000 + MAX_RANGE_MS)).not.toThrow();
  });

  it("refuses empty, reversed, negative and over-long ranges as invalid arguments", () => {
    for (const [from, to] of [
      [5, 5],
      [6, 5],
      [-1, 5],
      [0, MAX_RANGE_MS + 1],
    ] as const) {
      expect(() => assertValidRange(from, to)).toThrow(AppError);
      try {
        assertValidRange(from, to);
      } catch (error) {
        expect((error as AppError).code).toBe("invalid_argument");
      }
    }
  });

  it("totals each direction over the buckets", () => {
    const at = { phoneNumberId: "p1", bucketStartMs: 0 };
    expect(
      totalsOf([
        { ...at, direction: "inbound", count: 2 },
        { ...at, direction: "outbound", count: 3 },
        { ...at, bucketStartMs: 60_000, direction: "inbound", count: 4 },
      ]),
    ).toEqual({ totalInbound: 6, totalOutbound: 3 });
  });
});
