// What analytics counts: one message in one direction, attributed to the one-minute UTC bucket
// of the time the platform accepted (outbound) or received (inbound) it. A rollup is the exact
// number of distinct messages in a bucket. Nothing here knows how counts are stored or delivered.
export type Direction = "inbound" | "outbound";

export const BUCKET_MS = 60_000;

/** Identifies one rollup within a tenant. */
export interface BucketKey {
  phoneNumberId: string;
  direction: Direction;
  bucketStartMs: number;
}

export interface VolumeRollup extends BucketKey {
  count: number;
}

/** A rollup with the tenant it belongs to, as published on the public stream. */
export interface TenantRollup extends VolumeRollup {
  tenantId: string;
}

/** Start of the UTC minute containing `atMs` (Unix time has no leap seconds, so this is exact). */
export function bucketStartOf(atMs: number): number {
  return Math.floor(atMs / BUCKET_MS) * BUCKET_MS;
}

/** The partition key of a rollup on the public stream: every update of one bucket stays in order. */
export function rollupKeyOf(tenantId: string, key: BucketKey): string {
  return `${tenantId}/${key.phoneNumberId}/${key.direction}/${key.bucketStartMs}`;
}

// Binary string order, as MongoDB sorts, not locale order.
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order reads return rollups in: by bucket, then phone number, then direction. */
export function compareRollups(a: BucketKey, b: BucketKey): number {
  return (
    a.bucketStartMs - b.bucketStartMs ||
    compareStrings(a.phoneNumberId, b.phoneNumberId) ||
    compareStrings(a.direction, b.direction)
  );
}
