import { describe, expect, it } from "vitest";
import { pauseAfterScan } from "./duty-cycle.ts";

describe("pause after a scan", () => {
  it("is the interval after a quick scan and nine times a slow scan's duration", () => {
    expect(pauseAfterScan(30_000, 40)).toBe(30_000);
    expect(pauseAfterScan(0, 40)).toBe(0);
    expect(pauseAfterScan(30_000, 2_000)).toBe(30_000);
    expect(pauseAfterScan(30_000, 23_000)).toBe(207_000);
    expect(pauseAfterScan(0, 500)).toBe(4_500);
  });
});
