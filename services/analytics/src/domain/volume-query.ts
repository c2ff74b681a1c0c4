// Answers a volume query from stored parts — pure: filter by dimension values, group by the
// requested dimensions and time periods (minute, half hour, hour, day, month, in a fixed UTC
// offset: the business's time zone applied at query time), sum measures. Unique customers are
// only stored per UTC hour, day and month (measures.ts), so a row carries `unique_customers` only
// where its period is one of those (hours for whole-hour offsets, days and months in UTC).
// Quantiles of first-response time come from the merged histogram (approximate, one bin).
import { AppError } from "@switchboard/kit";
import { isFinal } from "./bucket-closing.ts";
import type { Part } from "./fact.ts";
import { addMeasures, frtQuantileMs, type Measures } from "./measures.ts";
import { DIMENSION_NAMES, type Dimensions, MINUTE_MS } from "./rollup-key.ts";

export type Granularity = "minute" | "half_hour" | "hour" | "day" | "month";
export type DimensionName = (typeof DIMENSION_NAMES)[number];

export interface VolumeQuery {
  /** Inclusive, Unix ms. */
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  granularity: Granularity;
  groupBy: readonly DimensionName[];
  /** Only parts whose dimension is one of the values; an absent or empty list filters nothing. */
  filters: Partial<Record<DimensionName, readonly string[]>>;
  /** The business's offset from UTC for period boundaries, in minutes (e.g. 330 for IST). */
  utcOffsetMinutes: number;
}

export interface VolumeRow {
  startMs: number;
  endMs: number;
  group: Partial<Dimensions>;
  measures: Measures;
  frtMedianMs?: number;
  frtP90Ms?: number;
  /** Every minute of the period is past its grace period (at `nowMs` of the query). */
  final: boolean;
}

const DAY_MS = 86_400_000;
const MAX_RANGE_MS: Record<Granularity, number> = {
  minute: 31 * DAY_MS,
  half_hour: 93 * DAY_MS,
  hour: 93 * DAY_MS,
  day: 3 * 366 * DAY_MS,
  month: 10 * 366 * DAY_MS,
};

export function assertValidQuery(query: VolumeQuery): void {
  const { fromMs, toMs } = query;
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs < 0) {
    throw new AppError("invalid_argument", "from and to must be non-negative Unix milliseconds");
  }
  if (fromMs >= toMs) throw new AppError("invalid_argument", "from must be before to");
  if (toMs - fromMs > MAX_RANGE_MS[query.granularity]) {
    throw new AppError("invalid_argument", `range too long for ${query.granularity} granularity`);
  }
  if (!Number.isInteger(query.utcOffsetMinutes) || Math.abs(query.utcOffsetMinutes) > 14 * 60) {
    throw new AppError("invalid_argument", "utc offset must be whole minutes within ±14 h");
  }
}

/** Start of the period containing `atMs`, with boundaries in UTC + offset. */
export function periodOf(
  granularity: Granularity,
  atMs: number,
  offsetMinutes: number,
): { startMs: number; endMs: number } {
  const shift = offsetMinutes * MINUTE_MS;
  const local = atMs + shift;
  if (granularity === "month") {
    const d = new Date(local);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return { startMs: start - shift, endMs: end - shift };
  }
  const size = { minute: MINUTE_MS, half_hour: 30 * MINUTE_MS, hour: 60 * MINUTE_MS, day: DAY_MS }[granularity];
  const start = Math.floor(local / size) * size;
  return { startMs: start - shift, endMs: start + size - shift };
}

function uniquesMeasure(query: VolumeQuery): string | undefined {
  if (query.granularity === "hour" && query.utcOffsetMinutes % 60 === 0) return "customers_hour";
  if ((query.granularity === "day" || query.granularity === "month") && query.utcOffsetMinutes === 0) {
    return `customers_${query.granularity}`;
  }
  return undefined;
}

export function queryVolumes(
  parts: readonly Part[],
  query: VolumeQuery,
  clock: { nowMs: number; graceMs: number },
): VolumeRow[] {
  const uniques = uniquesMeasure(query);
  const rows = new Map<string, VolumeRow>();
  for (const part of parts) {
    const { key } = part;
    if (key.bucketStartMs < query.fromMs || key.bucketStartMs >= query.toMs) continue;
    const excluded = DIMENSION_NAMES.some((name) => {
      const allowed = query.filters[name];
      return allowed !== undefined && allowed.length > 0 && !allowed.includes(key[name]);
    });
    if (excluded) continue;
    const period = periodOf(query.granularity, key.bucketStartMs, query.utcOffsetMinutes);
    const group: Partial<Dimensions> = {};
    for (const name of query.groupBy) Object.assign(group, { [name]: key[name] });
    const id = JSON.stringify([period.startMs, ...query.groupBy.map((name) => key[name])]);
    const row = rows.get(id) ?? {
      ...period,
      group,
      measures: {},
      final: isFinal({ bucketStartMs: period.endMs - MINUTE_MS }, clock.nowMs, clock.graceMs),
    };
    for (const [name, value] of Object.entries(part.measures)) {
      if (!name.startsWith("customers_")) addMeasures(row.measures, { [name]: value });
      else if (name === uniques) addMeasures(row.measures, { unique_customers: value });
    }
    rows.set(id, row);
  }
  return [...rows.values()]
    .map((row) => {
      const median = frtQuantileMs(row.measures, 0.5);
      const p90 = frtQuantileMs(row.measures, 0.9);
      return {
        ...row,
        ...(median === undefined ? {} : { frtMedianMs: median }),
        ...(p90 === undefined ? {} : { frtP90Ms: p90 }),
      };
    })
    .sort((a, b) => a.startMs - b.startMs || compareGroups(a.group, b.group, query.groupBy));
}

function compareGroups(a: Partial<Dimensions>, b: Partial<Dimensions>, names: readonly DimensionName[]): number {
  for (const name of names) {
    const x = a[name] ?? "";
    const y = b[name] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
