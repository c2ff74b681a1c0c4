// Counts one consumed batch of one partition exactly, in a constant number of store round trips
// (whatever the batch size, up to the adapters' request chunks):
//   1. record every message ∥ read the batch's own rollup parts   (insertMany ∥ `_id $in`)
//   2. read the stored records of the duplicates, if any           (`_id $in`)
//   3. plan in memory (count-plan.ts), then write every grown part (unordered bulkWrite; the
//      Mongo adapter sends 50 parts per request, so one request unless a batch spans >50 parts)
//   4. read every part of every touched bucket, all partitions     (`_id $in`)
//   5. publish each touched bucket's absolute count                (one produce call)
// Step 1's read may run beside the insert because only this partition's consumer writes these
// parts. Every step is idempotent or guarded by the plan, so a crash anywhere converges when the
// batch (or a shorter or longer chunk of it) is redelivered. It must never write another
// partition's parts, and never publish before the write: a published count is a stored count.
import type { VolumeStore } from "../store/volume-store.ts";
import { planCounts } from "./count-plan.ts";
import type { CountedEvent, Delivery } from "./counted-event.ts";
import {
  allPartRefsOf,
  partRefsOf,
  type RollupDelta,
  type RollupPart,
  rollupPartIdOf,
  sumRollupParts,
} from "./rollup-parts.ts";
import type { TenantRollup } from "./volume.ts";

/** Where rollups go after they change: the public stream, in production. */
export interface RollupPublisher {
  /** Publishes every rollup in one call; an absolute count, so republishing one is harmless. */
  publish(rollups: readonly TenantRollup[]): Promise<void>;
}

export interface CountBatchDeps {
  store: VolumeStore;
  publisher: RollupPublisher;
  /**
   * Partitions of the counted topic (KAFKA_TOPIC_PARTITIONS): a bucket's absolute count is read
   * from parts 0..partitions-1 (plus any partition a batch names). Raise it when the topic grows.
   */
  partitions: number;
}

/** A part changed between this batch's read and write: another consumer owns its partition too. */
export class RollupPartConflictError extends Error {
  override readonly name = "RollupPartConflictError";
}

export async function countBatch(
  deps: CountBatchDeps,
  events: readonly CountedEvent[],
): Promise<{ unresolved: number[] }> {
  if (events.length === 0) return { unresolved: [] };
  const { store } = deps;
  const [duplicates, before] = await Promise.all([
    store.recordEvents(events),
    store.readRollupParts(partRefsOf(events)),
  ]);
  const duplicated = [...duplicates].flatMap((index) => events[index] ?? []);
  const deliveries = duplicated.length === 0 ? new Map<string, Delivery>() : await store.readDeliveries(duplicated);
  const beforeById = new Map(before.map((part) => [rollupPartIdOf(part), part]));
  const plan = planCounts({ events, duplicates, deliveries, parts: beforeById });

  await store.applyDeltas(plan.deltas);
  const partitions = new Set(Array.from({ length: deps.partitions }, (_, p) => p));
  for (const event of events) partitions.add(event.delivery.partition);
  const after = await store.readRollupParts(allPartRefsOf(plan.buckets, [...partitions]));
  assertSoleWriter(plan.deltas, beforeById, after);

  const rollups = sumRollupParts(after).filter((rollup) => rollup.count > 0);
  if (rollups.length > 0) await deps.publisher.publish(rollups);
  return { unresolved: plan.unresolved };
}

/**
 * The parts this batch wrote must hold exactly what it read plus what it added. Anything else
 * means a second consumer counted the same partition at the same time (a rebalance). That double
 * count is not undone here; throwing puts it in the logs (the dispatcher logs every failed
 * attempt) and the retry, which then adds nothing, publishes what is stored. A compare-and-set
 * on appliedOffset would prevent it, but a two-key update filter scans the collection on FerretDB v1.
 */
function assertSoleWriter(
  deltas: readonly RollupDelta[],
  before: ReadonlyMap<string, RollupPart>,
  after: readonly RollupPart[],
): void {
  const afterById = new Map(after.map((part) => [rollupPartIdOf(part), part]));
  for (const delta of deltas) {
    const id = rollupPartIdOf(delta);
    const expected = (before.get(id)?.count ?? 0) + delta.delta;
    const found = afterById.get(id)?.count;
    if (found !== expected) throw new RollupPartConflictError(`part ${id} holds ${found}, expected ${expected}`);
  }
}
