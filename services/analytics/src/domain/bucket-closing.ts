// When a minute bucket becomes final, per partition of the counted log: Kafka Streams' suppress
// "until window closes", on event arrival time. A partition's watermark is the latest arrival
// (envelope time) it has seen; an on-time key it counted stays open until the watermark passes
// its bucket's end + grace, and is then emitted once as closed. Pure: the cursor is read and
// written by the batch (count-batch.ts), after the publish, so a crash re-emits a close rather
// than losing it. A partition that receives nothing more does not advance, so its last buckets
// close with its next event: idle partitions delay closes, never corrupt them.
import { MINUTE_MS, type RollupKey, rollupIdOf } from "./rollup-key.ts";

export interface PartitionCursor {
  /** `topic|partition`. */
  id: string;
  watermarkMs: number;
  /** On-time keys counted here and not yet emitted as closed. */
  open: RollupKey[];
}

export function cursorIdOf(topic: string, partition: number): string {
  return `${topic}|${partition}`;
}

export function emptyCursor(id: string): PartitionCursor {
  return { id, watermarkMs: 0, open: [] };
}

export function isFinal(key: Pick<RollupKey, "bucketStartMs">, watermarkMs: number, graceMs: number): boolean {
  return watermarkMs > key.bucketStartMs + MINUTE_MS + graceMs;
}

/** Adds the batch's on-time keys, advances the watermark, and takes out the keys now final. */
export function advanceCursor(
  cursor: PartitionCursor,
  touched: readonly RollupKey[],
  latestArrivalMs: number,
  graceMs: number,
): { cursor: PartitionCursor; closed: RollupKey[] } {
  const open = new Map(cursor.open.map((key) => [rollupIdOf(key), key]));
  for (const key of touched) if (!key.late) open.set(rollupIdOf(key), key);
  const watermarkMs = Math.max(cursor.watermarkMs, latestArrivalMs);
  const closed: RollupKey[] = [];
  const still: RollupKey[] = [];
  for (const key of open.values()) (isFinal(key, watermarkMs, graceMs) ? closed : still).push(key);
  return { cursor: { id: cursor.id, watermarkMs, open: still }, closed };
}
