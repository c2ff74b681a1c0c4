import { describe, expect, it } from "vitest";
import { bucketOf, bucketUpperBound, Histogram } from "./histogram.ts";

describe("histogram buckets", () => {
  it("are contiguous: each bucket starts right after the previous one ends", () => {
    for (let bucket = 1; bucket < 1500; bucket += 1) {
      const start = bucketUpperBound(bucket - 1) + 1;
      expect(bucketOf(start)).toBe(bucket);
      expect(bucketOf(bucketUpperBound(bucket))).toBe(bucket);
    }
  });

  it("keep every value within 1/64 of its bucket's upper bound", () => {
    for (const value of [1, 127, 128, 129, 1_000, 65_537, 1_234_567, 3_600_000_000]) {
      const upper = bucketUpperBound(bucketOf(value));
      expect(upper).toBeGreaterThanOrEqual(value);
      expect((upper - value) / value).toBeLessThanOrEqual(1 / 64);
    }
  });
});

describe("Histogram percentiles", () => {
  it("reads percentiles of a uniform distribution within the bucket precision", () => {
    const histogram = new Histogram();
    for (let ms = 1; ms <= 10_000; ms += 1) histogram.recordMillis(ms);
    expect(histogram.count).toBe(10_000);
    for (const [q, expected] of [
      [0.5, 5_000],
      [0.99, 9_900],
      [0.999, 9_990],
    ] as const) {
      const value = histogram.percentileMillis(q);
      expect(value).toBeGreaterThanOrEqual(expected);
      expect(value).toBeLessThanOrEqual(expected * (1 + 1 / 64));
    }
    expect(histogram.percentileMillis(1)).toBe(10_000);
  });

  it("reports the tail a few slow requests make, and never more than the max", () => {
    const histogram = new Histogram();
    for (let i = 0; i < 990; i += 1) histogram.recordMillis(2);
    for (let i = 0; i < 10; i += 1) histogram.recordMillis(800);
    expect(histogram.percentileMillis(0.5)).toBeCloseTo(2, 1);
    expect(histogram.percentileMillis(0.99)).toBeCloseTo(2, 1);
    expect(histogram.percentileMillis(0.995)).toBe(800);
    expect(histogram.percentileMillis(0.999)).toBe(800);
  });

  it("is zero when empty", () => {
    expect(new Histogram().percentileMillis(0.99)).toBe(0);
  });
});
