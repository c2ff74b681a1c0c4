// One counted fact: "this message was received", "this message was delivered", "this customer
// wrote this hour", "this reply answered after 42 s". A fact has a deterministic id — a second copy
// of the same fact collides with the first — adds its measures to one rollup key, and remembers
// where in the event log it was delivered (topic, partition, offset). The delivery position is
// what tells a redelivered record (same position) from a second copy (another position), so it
// must always be the position of the event the fact came from, never made up.
import type { Measures } from "./measures.ts";
import { type RollupKey, rollupIdOf } from "./rollup-key.ts";

/** A record's place in the event log; `topic` is the logical (unprefixed) topic name. */
export interface Delivery {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string Kafka gives, compared as BigInt. */
  offset: string;
}

export interface Fact {
  /** `tenant|kind|…`: counted at most once per tenant. */
  id: string;
  tenantId: string;
  key: RollupKey;
  measures: Measures;
  delivery: Delivery;
}

/** One rollup key's counts from one partition of the log: the unit with exactly one writer. */
export interface PartRef {
  key: RollupKey;
  topic: string;
  partition: number;
}

export interface Part extends PartRef {
  measures: Measures;
  /** The last offset of `partition` whose facts of this key are counted here. */
  appliedOffset: string;
}

/** What one batch adds to one part: measures added, `appliedOffset = max(appliedOffset, …)`. */
export interface PartDelta extends PartRef {
  measures: Measures;
  appliedOffset: string;
  /**
   * The part was absent when this batch read it, so the write creates it. A plain insert is far
   * cheaper than an upsert on the dev store, and with one writer per part nothing else creates it
   * meanwhile: if something did, the write fails rather than add to a part it never read.
   */
  created: boolean;
}

export function factIdOf(tenantId: string, ...parts: readonly (string | number)[]): string {
  return [tenantId, ...parts].join("|");
}

export function partIdOf(ref: PartRef): string {
  return `${rollupIdOf(ref.key)}|${ref.topic}|${ref.partition}`;
}

export function partRefOf(fact: Pick<Fact, "key" | "delivery">): PartRef {
  return { key: fact.key, topic: fact.delivery.topic, partition: fact.delivery.partition };
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
