// Rules of a volume read: a non-empty range of at most 31 days (a month of one-minute buckets is
// the most one response carries), and totals per direction over the buckets returned.
import { AppError } from "@switchboard/kit";
import type { VolumeRollup } from "./volume.ts";

export const MAX_RANGE_MS = 31 * 24 * 60 * 60 * 1000;

export function assertValidRange(fromMs: number, toMs: number): void {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs < 0) {
    throw new AppError("invalid_argument", "from_ms and to_ms must be non-negative Unix milliseconds");
  }
  if (fromMs >= toMs) throw new AppError("invalid_argument", "from_ms must be before to_ms");
  if (toMs - fromMs > MAX_RANGE_MS) throw new AppError("invalid_argument", "range must not exceed 31 days");
}

export function totalsOf(rollups: readonly VolumeRollup[]): { totalInbound: number; totalOutbound: number } {
  let totalInbound = 0;
  let totalOutbound = 0;
  for (const r of rollups) {
    if (r.direction === "inbound") totalInbound += r.count;
    else totalOutbound += r.count;
  }
  return { totalInbound, totalOutbound };
}
