// Meta-shaped answers of the WABA analytics fields, from the analytics service's rows:
// `analytics` → data_points [{start, end, sent, delivered}] (Unix seconds), `pricing_analytics` →
// data[{data_points:[{start, end, volume, pricing_category, …}]}] (outbound messages sent),
// `conversation_analytics` → the same shape with `conversation` = service windows opened (our
// closest measure: we do not bill conversations), `volume_analytics` (ours) → every measure cut by
// hosting mode, encryption state and the other requested dimensions. Also CSV of any of them.
import { invalidParameter } from "../graph/graph-errors.ts";
import type { FieldRequest } from "./analytics-fields.ts";
import type { VolumeQuery, VolumeRow } from "./analytics-reader.ts";

const DIMENSIONS: Record<string, { ours: string; out: string; upper: boolean }> = {
  PRICING_CATEGORY: { ours: "pricing_category", out: "pricing_category", upper: true },
  CONVERSATION_CATEGORY: { ours: "pricing_category", out: "conversation_category", upper: true },
  PHONE: { ours: "phone_number_id", out: "phone_number", upper: false },
  COUNTRY: { ours: "country_calling_code", out: "country", upper: false },
  DIRECTION: { ours: "direction", out: "direction", upper: true },
  MESSAGE_TYPE: { ours: "message_type", out: "message_type", upper: false },
  HOSTING_MODE: { ours: "hosting_mode", out: "hosting_mode", upper: true },
  ENCRYPTION_STATE: { ours: "encryption_state", out: "encryption_state", upper: true },
};
const VOLUME_MEASURES = ["sent", "delivered", "read", "failed", "outcome_unknown", "received", "windows_opened"];

function dimensionsOf(request: FieldRequest) {
  return request.dimensions.map((name) => {
    const known = DIMENSIONS[name];
    if (!known) throw invalidParameter(`fields: unknown dimension ${name}`);
    return known;
  });
}

export function queryOf(request: FieldRequest): VolumeQuery {
  const dimensions = request.field === "analytics" ? [] : dimensionsOf(request);
  const filters: { dimension: string; values: string[] }[] = [];
  if (request.phoneNumbers.length > 0) filters.push({ dimension: "phone_number_id", values: request.phoneNumbers });
  if (request.countryCodes.length > 0)
    filters.push({ dimension: "country_calling_code", values: request.countryCodes });
  if (request.field === "pricing_analytics" || request.field === "analytics") {
    filters.push({ dimension: "direction", values: ["outbound"] });
  }
  return {
    fromMs: request.fromMs,
    toMs: request.toMs,
    granularity: request.granularity,
    groupBy: [...new Set(dimensions.map((d) => d.ours))],
    filters,
  };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function dimensionValues(request: FieldRequest, row: VolumeRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dimensionsOf(request)) {
    const value = row.group[d.ours] ?? "";
    out[d.out] = d.upper ? value.toUpperCase() : value;
  }
  return out;
}

export type DataPoint = Record<string, string | number>;

export function dataPointsOf(request: FieldRequest, rows: readonly VolumeRow[]): DataPoint[] {
  return rows.map((row) => {
    const period = { start: seconds(row.startMs), end: seconds(row.endMs) };
    const m = row.measures;
    if (request.field === "analytics") return { ...period, sent: m.sent ?? 0, delivered: m.delivered ?? 0 };
    if (request.field === "pricing_analytics")
      return { ...period, volume: m.sent ?? 0, ...dimensionValues(request, row) };
    if (request.field === "conversation_analytics") {
      return { ...period, conversation: m.windows_opened ?? 0, ...dimensionValues(request, row) };
    }
    return {
      ...period,
      ...dimensionValues(request, row),
      ...Object.fromEntries(VOLUME_MEASURES.map((name) => [name, m[name] ?? 0])),
    };
  });
}

export function fieldView(request: FieldRequest, points: DataPoint[]): unknown {
  if (request.field === "analytics") {
    return {
      phone_numbers: request.phoneNumbers,
      country_codes: request.countryCodes,
      granularity: request.granularityName,
      data_points: points,
    };
  }
  return { data: [{ data_points: points }] };
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function csvOf(points: readonly DataPoint[]): string {
  const columns = [...new Set(points.flatMap((p) => Object.keys(p)))];
  const header = columns.length > 0 ? columns : ["start", "end"];
  return `${[header, ...points.map((p) => header.map((c) => p[c] ?? ""))].map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
}
