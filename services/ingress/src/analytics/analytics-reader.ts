// The AnalyticsReader port: the volume queries the analytics HTTP fields need, in the caller's
// scope (tenant and business). The gRPC adapter talks to the analytics service; tests pass a fake.
import type { Caller } from "../tenancy/tenancy-records.ts";

export type AnalyticsGranularity = "minute" | "half_hour" | "hour" | "day" | "month";

export interface VolumeQuery {
  fromMs: number;
  toMs: number;
  granularity: AnalyticsGranularity;
  /** Dimension names of the analytics service (phone_number_id, pricing_category, hosting_mode, …). */
  groupBy: readonly string[];
  filters: readonly { dimension: string; values: readonly string[] }[];
}

export interface VolumeRow {
  startMs: number;
  endMs: number;
  group: Readonly<Record<string, string>>;
  measures: Readonly<Record<string, number>>;
}

export interface AnalyticsReader {
  queryVolumes(caller: Caller, query: VolumeQuery): Promise<VolumeRow[]>;
}
