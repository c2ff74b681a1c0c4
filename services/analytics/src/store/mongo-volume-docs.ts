// The documents of the volume store and their mapping to domain values. Three collections, each
// written only by this adapter, all with deterministic string `_id`s, because `_id` is the only
// key FerretDB v1 serves from an index: a second copy of a fact collides on `_id`, and a batch
// reads and writes parts and thread states by `_id` only. The earlier per-message collections
// (`counted_events`, `volume_rollup_parts`) are no longer read or written.
import type { Fact, Part } from "../domain/fact.ts";
import type { Measures } from "../domain/measures.ts";
import type { RollupKey } from "../domain/rollup-key.ts";
import type { ThreadState } from "../domain/thread-state.ts";

export const FACTS = "volume_facts";
export const PARTS = "volume_parts";
export const THREADS = "volume_threads";
export const CURSORS = "volume_cursors";
export const DIRECTORY = "volume_part_directory";

/**
 * Which parts of one tenant, UTC hour and topic-partition exist: lets a range query read parts
 * by `_id` only. Per partition, so each directory document has one writer, like the parts it lists.
 */
export interface DirectoryDoc {
  _id: string;
  tenantId: string;
  parts: string[];
}

export const HOUR_MS = 3_600_000;

export function directoryIdOf(tenantId: string, hourStartMs: number, topic: string, partition: number): string {
  return `${tenantId}|${hourStartMs}|${topic}|${partition}`;
}

export interface CursorDoc {
  _id: string;
  watermarkMs: number;
  open: RollupKey[];
}

export interface FactDoc {
  _id: string;
  tenantId: string;
  key: RollupKey;
  measures: Measures;
  topic: string;
  partition: number;
  offset: string;
}

export interface PartDoc {
  _id: string;
  /** Copied out of `key` for the range index (tenant, bucket). */
  tenantId: string;
  bucketStartMs: number;
  key: RollupKey;
  topic: string;
  partition: number;
  m: Measures;
  /** A number, so `$max` compares numerically; Kafka offsets stay far below 2^53 (checked on write). */
  appliedOffset: number;
}

export interface ThreadDoc {
  _id: string;
  tenantId: string;
  windowStartMs?: number;
  awaitingSinceMs?: number;
  lastReplyAtMs?: number;
  customerHourMs?: number;
  customerDayMs?: number;
  customerMonthMs?: number;
  appliedOffset: string;
}

export function factDocOf(fact: Fact): FactDoc {
  const { id, delivery, ...rest } = fact;
  return { _id: id, ...rest, topic: delivery.topic, partition: delivery.partition, offset: delivery.offset };
}

export function factOf(doc: FactDoc): Fact {
  return {
    id: doc._id,
    tenantId: doc.tenantId,
    key: doc.key,
    measures: doc.measures,
    delivery: { topic: doc.topic, partition: doc.partition, offset: doc.offset },
  };
}

export function partOf(doc: PartDoc): Part {
  return {
    key: doc.key,
    topic: doc.topic,
    partition: doc.partition,
    measures: doc.m ?? {},
    appliedOffset: String(doc.appliedOffset),
  };
}

// The driver stores an undefined field as null: optional fields are left out instead, and a
// null read back (from any other writer) is taken as absent.
export function threadDocOf({ id, ...state }: ThreadState): ThreadDoc {
  return { _id: id, ...(withoutAbsent(state) as Omit<ThreadState, "id">) };
}

export function threadOf({ _id, ...doc }: ThreadDoc): ThreadState {
  return { id: _id, ...(withoutAbsent(doc) as Omit<ThreadDoc, "_id">) };
}

function withoutAbsent(record: object): object {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}

export function offsetNumber(offset: string): number {
  const value = Number(offset);
  // Past 2^53 a number can no longer hold every offset exactly, and $max would compare wrongly.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`offset ${offset} is not a safe integer`);
  return value;
}
