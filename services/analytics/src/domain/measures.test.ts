import { describe, expect, it } from "vitest";
import { addMeasures, frtMeasures, frtQuantileMs } from "./measures.ts";

describe("first-response time histogram", () => {
  it("reads median and p90 within 5 % of the true values", () => {
    const times = Array.from({ length: 1000 }, (_, i) => 1000 + i * 997);
    const merged = times.reduce((m, t) => addMeasures(m, frtMeasures(t)), {});
    const exact = (q: number) => times[Math.ceil(q * times.length) - 1] as number;
    for (const q of [0.5, 0.9]) {
      const approx = frtQuantileMs(merged, q) as number;
      expect(Math.abs(approx - exact(q)) / exact(q)).toBeLessThan(0.05);
    }
    expect(frtQuantileMs({}, 0.5)).toBeUndefined();
    expect(frtQuantileMs(frtMeasures(200), 0.5)).toBe(500);
  });
});
