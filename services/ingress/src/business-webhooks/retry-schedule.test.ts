import { describe, expect, it } from "vitest";
import { afterFailure, backoffMs, type RetryPolicy } from "./retry-schedule.ts";

const policy: RetryPolicy = { initialBackoffMs: 1_000, maxBackoffMs: 60_000, maxRetryAgeMs: 7 * 24 * 3_600_000 };
const lowest = () => 0;
const highest = () => 1;

describe("webhook retry schedule", () => {
  it("doubles from the initial backoff up to the cap, jitter spanning the upper half", () => {
    const floors = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(policy, n, lowest));
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(policy, n, highest));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(floors).toEqual(ceilings.map((c) => c / 2));
    expect(backoffMs(policy, 3, () => 0.5)).toBe(3_000);
  });

  it("retries inside the window and parks once the next attempt would fall outside it", () => {
    const start = 1_000_000;
    let now = start;
    let attempts = 0;
    const schedule: number[] = [];
    for (;;) {
      const step = afterFailure(policy, { attempts, windowStartMs: start }, now, highest);
      if (step.kind === "park") break;
      schedule.push(step.atMs - now);
      now = step.atMs;
      attempts++;
    }
    expect(schedule.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    // A 7-day window at a 1-minute cap: about 10,000 attempts, the last one inside the window.
    expect(now).toBeLessThanOrEqual(start + policy.maxRetryAgeMs);
    expect(now + 60_000).toBeGreaterThan(start + policy.maxRetryAgeMs);
    expect(attempts).toBeGreaterThan(10_000);
  });

  it("a replay restarts the window", () => {
    const now = 10 * policy.maxRetryAgeMs;
    expect(afterFailure(policy, { attempts: 50, windowStartMs: 0 }, now, lowest).kind).toBe("park");
    expect(afterFailure(policy, { attempts: 0, windowStartMs: now }, now, lowest)).toEqual({
      kind: "retry",
      atMs: now + 500,
    });
  });
});
