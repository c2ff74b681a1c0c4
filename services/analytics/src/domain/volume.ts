// What analytics counts: one message in one direction, attributed to the one-minute UTC bucket
// of the time the platform accepted (outbound) or received (inbound) it. A rollup is the exact
// number of distinct messages in a bucket; it is recomputed, never incremented.
export type Direction = "inbound" | "outbound";

export const BUCKET_MS = 60_000;

/** Identifies one rollup within a tenant. */
export interface BucketKey {
  phoneNumberId: string;
  direction: Direction;
  bucketStartMs: number;
}

/** One counted message within a tenant; (direction, messageId) is counted at most once. */
export interface VolumeEvent extends BucketKey {
  messageId: string;
}

export interface VolumeRollup extends BucketKey {
  count: number;
}

/** Start of the UTC minute containing `atMs` (Unix time has no leap seconds, so this is exact). */
export function bucketStartOf(atMs: number): number {
  return Math.floor(atMs / BUCKET_MS) * BUCKET_MS;
}

/** The partition key of a rollup on the public stream: every update of one bucket stays in order. */
export function rollupKeyOf(tenantId: string, key: BucketKey): string {
  return `${tenantId}/${key.phoneNumberId}/${key.direction}/${key.bucketStartMs}`;
}
