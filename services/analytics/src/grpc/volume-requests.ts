// gRPC requests of the AnalyticsService mapped to domain queries, refusing what is malformed
// (unknown dimension, unknown granularity) as invalid_argument before any store call.
import { AppError } from "@switchboard/kit";
import type { DimensionFilter, QueryVolumesRequest } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { dimensionOfWireName } from "../domain/dimension-names.ts";
import { assertValidQuery, type DimensionName, type Granularity, type VolumeQuery } from "../domain/volume-query.ts";

const GRANULARITIES = new Set<string>(["minute", "half_hour", "hour", "day", "month"]);

export function dimensionOf(wire: string): DimensionName {
  const name = dimensionOfWireName(wire);
  if (!name) throw new AppError("invalid_argument", `unknown dimension ${JSON.stringify(wire)}`);
  return name;
}

export function filtersOf(filters: readonly DimensionFilter[]): VolumeQuery["filters"] {
  const result: Partial<Record<DimensionName, string[]>> = {};
  for (const filter of filters) {
    const name = dimensionOf(filter.dimension);
    result[name] = [...(result[name] ?? []), ...filter.values];
  }
  return result;
}

export function volumeQueryOf(request: QueryVolumesRequest): VolumeQuery {
  const granularity = request.granularity || "hour";
  if (!GRANULARITIES.has(granularity)) throw new AppError("invalid_argument", `unknown granularity ${granularity}`);
  const query: VolumeQuery = {
    fromMs: request.fromMs,
    toMs: request.toMs,
    granularity: granularity as Granularity,
    groupBy: [...new Set(request.groupBy.map(dimensionOf))],
    filters: filtersOf(request.filters),
    utcOffsetMinutes: request.utcOffsetMinutes,
  };
  assertValidQuery(query);
  return query;
}
