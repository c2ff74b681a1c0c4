// A bucket's count is stored in parts, one per (topic, partition) of the log its messages came
// from: Kafka Streams' state-with-offsets. Each part has exactly one writer (the consumer owning
// that partition), because concurrent read-modify-write updates of one document can lose an
// update on FerretDB. A part remembers the last offset it counted (`appliedOffset`), which is how
// a redelivered record is recognised as counted or not (see count-plan.ts). The absolute count of
// a bucket is the sum of its parts. Parts are never decremented and `appliedOffset` never lowers.
import type { CountedEvent } from "./counted-event.ts";
import { type BucketKey, compareRollups, type TenantRollup } from "./volume.ts";

export interface RollupPartRef extends BucketKey {
  tenantId: string;
  topic: string;
  partition: number;
}

export interface RollupPart extends RollupPartRef {
  businessId: string;
  count: number;
  /** The last offset of `partition` whose messages of this bucket are counted here. */
  appliedOffset: string;
}

/** What one batch adds to one part: `count += delta`, `appliedOffset = max(appliedOffset, …)`. */
export interface RollupDelta extends RollupPartRef {
  /** Set only when the part is created: the business of the first message counted in it. */
  businessId: string;
  delta: number;
  appliedOffset: string;
}

/** One bucket of one tenant, with the topic its messages arrive on (a direction has one topic). */
export interface TouchedBucket extends BucketKey {
  tenantId: string;
  topic: string;
}

export function rollupPartIdOf(ref: RollupPartRef): string {
  return `${ref.tenantId}|${ref.phoneNumberId}|${ref.direction}|${ref.bucketStartMs}|${ref.topic}|${ref.partition}`;
}

export function partRefOf(event: CountedEvent): RollupPartRef {
  return {
    tenantId: event.tenantId,
    phoneNumberId: event.phoneNumberId,
    direction: event.direction,
    bucketStartMs: event.bucketStartMs,
    topic: event.delivery.topic,
    partition: event.delivery.partition,
  };
}

/** The distinct parts the events of one batch write to. */
export function partRefsOf(events: readonly CountedEvent[]): RollupPartRef[] {
  const refs = new Map<string, RollupPartRef>();
  for (const event of events) {
    const ref = partRefOf(event);
    refs.set(rollupPartIdOf(ref), ref);
  }
  return [...refs.values()];
}

/** Every part a bucket can have: one per partition of its topic. */
export function allPartRefsOf(buckets: readonly TouchedBucket[], partitions: readonly number[]): RollupPartRef[] {
  return buckets.flatMap(({ topic, tenantId, phoneNumberId, direction, bucketStartMs }) =>
    partitions.map((partition) => ({ tenantId, phoneNumberId, direction, bucketStartMs, topic, partition })),
  );
}

/** Absolute rollups: parts summed per (tenant, bucket), across topics and partitions, sorted. */
export function sumRollupParts(parts: readonly RollupPart[]): TenantRollup[] {
  const sums = new Map<string, TenantRollup>();
  for (const part of parts) {
    const id = JSON.stringify([part.tenantId, part.phoneNumberId, part.direction, part.bucketStartMs]);
    const sum = sums.get(id);
    if (sum) sum.count += part.count;
    else {
      const { tenantId, phoneNumberId, direction, bucketStartMs, count } = part;
      sums.set(id, { tenantId, phoneNumberId, direction, bucketStartMs, count });
    }
  }
  return [...sums.values()].sort(
    (a, b) => compareRollups(a, b) || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0),
  );
}
