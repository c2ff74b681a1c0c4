// The live table of `volume-tail-cli.ts`: the latest value of each rollup key seen on the public
// stream, newest minutes first, one line per key. Pure: records in, text out.
import type { MessageVolumeV1 } from "@switchboard/proto";

export interface TailState {
  /** Latest record per rollup key, values kept at their highest per measure. */
  byKey: Map<string, MessageVolumeV1>;
  records: number;
}

export function emptyTail(): TailState {
  return { byKey: new Map(), records: 0 };
}

export function keyOfVolume(r: MessageVolumeV1): string {
  const d = r.dimensions;
  return [
    r.tenant_id,
    r.business_id,
    d.phone_number_id,
    d.direction,
    d.message_type,
    d.pricing_category,
    d.hosting_mode,
    d.encryption_state,
    d.country_calling_code,
    r.bucket_start_ms,
    r.late,
  ].join("|");
}

/** Folds one record in: values only grow, so the highest per measure is the current one. */
export function foldVolume(state: TailState, record: MessageVolumeV1): void {
  state.records += 1;
  const key = keyOfVolume(record);
  const kept = state.byKey.get(key);
  const measures = { ...(kept?.measures ?? {}) };
  for (const [name, value] of Object.entries(record.measures)) measures[name] = Math.max(measures[name] ?? 0, value);
  const kind = kept?.kind === "closed" && record.kind === "open" ? "closed" : record.kind;
  state.byKey.set(key, { ...record, kind, measures });
}

const COLUMNS = [
  ["minute (UTC)", (r: MessageVolumeV1) => r.bucket_start.slice(0, 16).replace("T", " ")],
  ["tenant", (r: MessageVolumeV1) => r.tenant_id],
  ["number", (r: MessageVolumeV1) => r.dimensions.phone_number_id],
  ["dir", (r: MessageVolumeV1) => r.dimensions.direction.slice(0, 3)],
  ["type", (r: MessageVolumeV1) => r.dimensions.message_type],
  ["category", (r: MessageVolumeV1) => r.dimensions.pricing_category],
  ["hosting", (r: MessageVolumeV1) => r.dimensions.hosting_mode],
  ["cc", (r: MessageVolumeV1) => r.dimensions.country_calling_code],
  ["state", (r: MessageVolumeV1) => (r.late ? "late" : r.kind)],
  ["sent", (r: MessageVolumeV1) => String(r.measures.sent ?? 0)],
  ["recv", (r: MessageVolumeV1) => String(r.measures.received ?? 0)],
  ["deliv", (r: MessageVolumeV1) => String(r.measures.delivered ?? 0)],
  ["read", (r: MessageVolumeV1) => String(r.measures.read ?? 0)],
  ["failed", (r: MessageVolumeV1) => String(r.measures.failed ?? 0)],
] as const;

/** The newest `limit` keys as an aligned text table. */
export function renderTail(state: TailState, limit: number): string {
  const rows = [...state.byKey.values()]
    .sort((a, b) => b.bucket_start_ms - a.bucket_start_ms || (keyOfVolume(a) < keyOfVolume(b) ? -1 : 1))
    .slice(0, limit)
    .map((r) => COLUMNS.map(([, cell]) => cell(r)));
  const header = COLUMNS.map(([name]) => name);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const summary = `${state.records} records, ${state.byKey.size} keys`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), summary].join("\n");
}
