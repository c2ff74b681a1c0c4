// One message as the counter sees it: who it belongs to, which bucket it falls in, and where in
// the event log it was delivered (topic, partition, offset). The delivery position is what tells
// a redelivered record (same position) from a second copy of the message (another position), so
// it must always be the record's own position, never one made up or copied from another record.
import type { BucketKey, Direction } from "./volume.ts";

/** A record's place in the event log; `topic` is the logical (unprefixed) topic name. */
export interface Delivery {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string Kafka gives, compared as BigInt. */
  offset: string;
}

/** Identifies one counted message: (tenant, direction, messageId) is counted at most once. */
export interface VolumeEventRef {
  tenantId: string;
  direction: Direction;
  messageId: string;
}

export interface CountedEvent extends VolumeEventRef, BucketKey {
  businessId: string;
  delivery: Delivery;
}

/** The stored id of a counted message; deterministic, so a second copy collides with the first. */
export function volumeEventIdOf(ref: VolumeEventRef): string {
  return `${ref.tenantId}|${ref.direction}|${ref.messageId}`;
}

export function sameDelivery(a: Delivery, b: Delivery): boolean {
  return a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;
}

/** Negative, zero or positive as offset `a` is before, at or after `b` (BigInt-safe). */
export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
