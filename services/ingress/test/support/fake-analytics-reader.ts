// A fake AnalyticsReader for ingress tests: answers from fixed rows, filtered and grouped in
// the caller's scope like the analytics service, and records every call.
import type { AnalyticsReader, VolumeQuery, VolumeRow } from "../../src/analytics/analytics-reader.ts";
import type { Caller } from "../../src/tenancy/tenancy-records.ts";

export interface StoredVolume {
  owner: Caller;
  startMs: number;
  endMs: number;
  dimensions: Record<string, string>;
  measures: Record<string, number>;
}

export function createFakeAnalyticsReader(stored: readonly StoredVolume[] = []): AnalyticsReader & {
  calls: { caller: Caller; query: VolumeQuery }[];
} {
  const calls: { caller: Caller; query: VolumeQuery }[] = [];
  return {
    calls,
    async queryVolumes(caller, query) {
      calls.push({ caller, query });
      const rows = new Map<string, VolumeRow & { measures: Record<string, number> }>();
      for (const s of stored) {
        if (s.owner.tenantId !== caller.tenantId || s.owner.businessId !== caller.businessId) continue;
        if (s.startMs < query.fromMs || s.startMs >= query.toMs) continue;
        if (query.filters.some((f) => !f.values.includes(s.dimensions[f.dimension] ?? ""))) continue;
        const group = Object.fromEntries(query.groupBy.map((d) => [d, s.dimensions[d] ?? ""]));
        const id = JSON.stringify([s.startMs, group]);
        const row = rows.get(id) ?? { startMs: s.startMs, endMs: s.endMs, group, measures: {} };
        for (const [name, value] of Object.entries(s.measures)) row.measures[name] = (row.measures[name] ?? 0) + value;
        rows.set(id, row);
      }
      return [...rows.values()];
    },
  };
}
