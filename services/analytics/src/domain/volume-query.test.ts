import { describe, expect, it } from "vitest";
import { rollupKey, T0, THREAD_TOPIC } from "../../test/support/volume-fixtures.ts";
import type { Part } from "./fact.ts";
import { assertValidQuery, periodOf, queryVolumes, type VolumeQuery } from "./volume-query.ts";

const HOUR = 3_600_000;
const part = (minute: number, measures: Part["measures"], key: Parameters<typeof rollupKey>[0] = {}): Part => ({
  key: rollupKey({ bucketStartMs: T0 + minute * 60_000, ...key }),
  topic: THREAD_TOPIC,
  partition: 0,
  measures,
  appliedOffset: "0",
});
const query = (overrides: Partial<VolumeQuery> = {}): VolumeQuery => ({
  fromMs: T0,
  toMs: T0 + 24 * HOUR,
  granularity: "hour",
  groupBy: [],
  filters: {},
  utcOffsetMinutes: 0,
  ...overrides,
});

describe("volume queries", () => {
  it("sums minutes into periods, groups and filters by dimension, and keeps the uniques of the period", () => {
    const parts = [
      part(0, { sent: 2, customers_hour: 1, customers_day: 1 }),
      part(5, { sent: 1, customers_hour: 1 }, { hostingMode: "on_premises" }),
      part(61, { sent: 4, customers_hour: 1 }),
      part(61, { received: 3 }, { direction: "inbound", late: true }),
    ];
    const clock = { nowMs: T0 + 2 * HOUR + 1, graceMs: 0 };
    expect(queryVolumes(parts, query(), clock).map((r) => [r.startMs - T0, r.measures, r.final])).toEqual([
      [0, { sent: 3, unique_customers: 2 }, true],
      [HOUR, { sent: 4, unique_customers: 1, received: 3 }, true],
    ]);
    const byHosting = queryVolumes(parts, query({ granularity: "day", groupBy: ["hostingMode"] }), clock);
    expect(byHosting.map((r) => [r.group, r.measures.sent, r.measures.unique_customers, r.final])).toEqual([
      [{ hostingMode: "cloud" }, 6, 1, false],
      [{ hostingMode: "on_premises" }, 1, undefined, false],
    ]);
    const inbound = queryVolumes(parts, query({ filters: { direction: ["inbound"] } }), clock);
    expect(inbound.map((r) => r.measures)).toEqual([{ received: 3 }]);
    // Half hours have no uniques; an offset that is not whole hours drops hourly uniques too.
    expect(queryVolumes(parts, query({ granularity: "half_hour" }), clock)[0]?.measures).toEqual({ sent: 3 });
    expect(queryVolumes(parts, query({ utcOffsetMinutes: 330 }), clock)[0]?.measures).toEqual({ sent: 3 });
  });

  it("places period boundaries in the business's offset, months included", () => {
    const at = Date.UTC(2025, 0, 31, 20, 0);
    expect(periodOf("day", at, 330)).toEqual({
      startMs: Date.UTC(2025, 0, 31, 18, 30),
      endMs: Date.UTC(2025, 1, 1, 18, 30),
    });
    expect(periodOf("month", at, 330)).toEqual({
      startMs: Date.UTC(2025, 0, 31, 18, 30),
      endMs: Date.UTC(2025, 1, 28, 18, 30),
    });
    expect(periodOf("half_hour", at + 45 * 60_000, 0).startMs).toBe(at + 30 * 60_000);
  });

  it("refuses empty, inverted and too long ranges", () => {
    expect(() => assertValidQuery(query({ toMs: T0 }))).toThrow("before");
    expect(() => assertValidQuery(query({ granularity: "minute", toMs: T0 + 40 * 24 * HOUR }))).toThrow("too long");
    expect(() => assertValidQuery(query({ utcOffsetMinutes: 15 * 60 }))).toThrow("offset");
  });
});
