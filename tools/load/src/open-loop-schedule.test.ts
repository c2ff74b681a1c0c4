import { describe, expect, it } from "vitest";
import { dueAtMs, dueBy, totalRequests } from "./open-loop-schedule.ts";

describe("open-loop schedule", () => {
  const schedule = { rate: 4_000, durationMs: 10_000 };

  it("offers rate × duration requests", () => {
    expect(totalRequests(schedule)).toBe(40_000);
    expect(totalRequests({ rate: 250, durationMs: 60_000 })).toBe(15_000);
  });

  it("spaces requests evenly, independent of responses", () => {
    expect(dueAtMs(schedule, 0)).toBe(0);
    expect(dueAtMs(schedule, 1)).toBe(0.25);
    expect(dueAtMs(schedule, 4_000)).toBe(1_000);
  });

  it("says how many are due at any moment, so a late timer catches up in one tick", () => {
    expect(dueBy(schedule, -1)).toBe(0);
    expect(dueBy(schedule, 0)).toBe(1);
    expect(dueBy(schedule, 0.24)).toBe(1);
    expect(dueBy(schedule, 0.25)).toBe(2);
    // A timer that fires 50 ms late finds 200 more requests due, not one.
    expect(dueBy(schedule, 1_050) - dueBy(schedule, 1_000)).toBe(200);
    expect(dueBy(schedule, 60_000)).toBe(40_000);
  });
});
