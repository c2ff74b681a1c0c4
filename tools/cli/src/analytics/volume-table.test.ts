import { MESSAGE_VOLUME_V1_SCHEMA, type MessageVolumeV1 } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { emptyTail, foldVolume, renderTail } from "./volume-table.ts";

const record = (minute: number, kind: MessageVolumeV1["kind"], sent: number, late = false): MessageVolumeV1 => ({
  schema: MESSAGE_VOLUME_V1_SCHEMA,
  kind,
  tenant_id: "t1",
  business_id: "w1",
  granularity: "minute",
  bucket_start: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
  bucket_end: new Date(Date.UTC(2026, 0, 1, 12, minute + 1)).toISOString(),
  bucket_start_ms: Date.UTC(2026, 0, 1, 12, minute),
  late,
  dimensions: {
    phone_number_id: "p1",
    direction: "outbound",
    message_type: "text",
    pricing_category: "service",
    hosting_mode: "on_premises",
    encryption_state: "end_to_end",
    country_calling_code: "44",
  },
  measures: { sent },
});

describe("tail table", () => {
  it("keeps the highest value per key, newest minute first, and never reopens a closed key", () => {
    const state = emptyTail();
    for (const r of [
      record(0, "open", 2),
      record(1, "open", 1),
      record(0, "closed", 3),
      record(0, "open", 1),
      record(0, "correction", 1, true),
    ]) {
      foldVolume(state, r);
    }
    const lines = renderTail(state, 10).split("\n");
    expect(lines[0]).toMatch(/^minute \(UTC\)\s+tenant\s+number\s+dir/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s{2,}/).filter(Boolean))).toEqual([
      ["2026-01-01 12:01", "t1", "p1", "out", "text", "service", "on_premises", "44", "open", "1", "0", "0", "0", "0"],
      [
        "2026-01-01 12:00",
        "t1",
        "p1",
        "out",
        "text",
        "service",
        "on_premises",
        "44",
        "closed",
        "3",
        "0",
        "0",
        "0",
        "0",
      ],
      ["2026-01-01 12:00", "t1", "p1", "out", "text", "service", "on_premises", "44", "late", "1", "0", "0", "0", "0"],
    ]);
    expect(lines.at(-1)).toBe("5 records, 3 keys");
    expect(renderTail(state, 1).split("\n")).toHaveLength(4);
  });
});
