// Counts one consumed batch of one partition exactly, in a constant number of store round trips
// whatever the batch size (up to the adapters' request chunks):
//   1. read the messages the statuses are about ∥ the threads' states ∥ the partition's cursor
//   2. derive facts in memory (batch-facts.ts)
//   3. record every fact ∥ read the parts they fall in                     (insertMany ∥ `_id $in`)
//   4. read the stored records of the duplicates, if any                   (`_id $in`)
//   5. plan in memory (count-plan.ts), check this consumer still owns the partition (the fence:
//      a heartbeat the group coordinator answered), then write every grown part (new ones inserted,
//      the others updated in an unordered bulkWrite)
//   6. write the moved thread states ∥ read every part of every touched or closing key
//   7. publish each such key's absolute measures, marked open, closed or correction (one produce)
//   8. write the partition's cursor (bucket-closing.ts): after the publish, so a close is never lost
// Step 3's read may run beside the insert because only this partition's consumer writes these
// parts. Every step is idempotent or guarded by the plan, so a crash anywhere converges when the
// batch (or a shorter or longer chunk of it) is redelivered. It must never write another
// partition's parts, and never publish before the write: a published value is a stored value.
import type { VolumeStore } from "../store/volume-store.ts";
import { factsOf, sentFactIdOf, threadIdOfObservation } from "./batch-facts.ts";
import { advanceCursor, cursorIdOf, emptyCursor } from "./bucket-closing.ts";
import { planCounts } from "./count-plan.ts";
import { type Fact, type Part, type PartDelta, type PartRef, partIdOf, partRefOf } from "./fact.ts";
import { addMeasures, type Measures } from "./measures.ts";
import type { Observation } from "./observation.ts";
import { type RollupKey, rollupIdOf } from "./rollup-key.ts";
import type { ThreadState } from "./thread-state.ts";

/** The absolute value of one rollup key after a batch changed (or re-counted) it. */
export interface RollupValue {
  key: RollupKey;
  measures: Measures;
}

/**
 * open: an on-time bucket that may still grow; closed: the bucket became final (emitted once per
 * partition that counted in it); correction: a late event changed a bucket that was already final.
 */
export type RollupChangeKind = "open" | "closed" | "correction";

export interface RollupChange extends RollupValue {
  kind: RollupChangeKind;
}

/** Where changed rollups go: the public stream, in production. */
export interface RollupPublisher {
  /** Publishes every value in one call; values are absolute, so republishing one is harmless. */
  publish(changes: readonly RollupChange[]): Promise<void>;
}

export interface CountBatchDeps {
  store: VolumeStore;
  publisher: RollupPublisher;
  /**
   * Partitions of the counted topics (KAFKA_TOPIC_PARTITIONS): a key's absolute value is read from
   * parts 0..partitions-1 (plus any partition a batch names). Raise it when the topics grow.
   */
  partitions: number;
  /**
   * Every counted topic. A key's value sums the parts of all of them (an order and its message
   * share a key, their counts come from two topics), so a batch of one topic publishes the whole.
   */
  topics: readonly string[];
  /** How long after its end a minute bucket still takes on-time events (BUCKET_GRACE_MS). */
  graceMs: number;
}

/** A part changed between this batch's read and write: another consumer owns its partition too. */
export class RollupPartConflictError extends Error {
  override readonly name = "RollupPartConflictError";
}

/** Counts the batch; returns the positions of observations that must be rejected (never counted). */
export async function countBatch(
  deps: CountBatchDeps,
  observations: readonly Observation[],
  /** Throws once another consumer owns the partition (BatchContext.fence); absent: the only reader. */
  fence: () => Promise<void> = async () => {},
): Promise<{ unresolved: number[] }> {
  if (observations.length === 0) return { unresolved: [] };
  const { store } = deps;
  const statusRefs = observations.flatMap((o) =>
    o.kind === "status" ? [{ tenantId: o.thread.tenantId, id: sentFactIdOf(o.thread.tenantId, o.messageId) }] : [],
  );
  const threadRefs = observations.flatMap((o) =>
    o.kind === "message" ? [{ tenantId: o.thread.tenantId, id: threadIdOfObservation(o) }] : [],
  );
  const cursorIds = [...new Set(observations.map((o) => cursorIdOf(o.delivery.topic, o.delivery.partition)))];
  const [messages, threads, cursors] = await Promise.all([
    statusRefs.length > 0 ? store.readFacts(statusRefs) : new Map<string, Fact>(),
    threadRefs.length > 0 ? store.readThreads(threadRefs) : new Map<string, ThreadState>(),
    store.readCursors(cursorIds),
  ]);
  const offsetsBefore = new Map([...threads].map(([id, state]) => [id, state.appliedOffset]));
  const { facts, sources } = factsOf(observations, { messages, threads, graceMs: deps.graceMs });

  const [duplicates, before] = await Promise.all([store.recordFacts(facts), store.readParts(uniqueRefs(facts))]);
  const duplicated = [...duplicates].flatMap((index) => facts[index] ?? []);
  const stored = duplicated.length > 0 ? await store.readFacts(duplicated) : new Map<string, Fact>();
  const beforeById = new Map(before.map((part) => [partIdOf(part), part]));
  // A stored record may name a part the fresh facts did not (see count-plan.ts): read those too.
  const missing = uniqueRefs([...stored.values()]).filter((ref) => !beforeById.has(partIdOf(ref)));
  if (missing.length > 0) for (const part of await store.readParts(missing)) beforeById.set(partIdOf(part), part);
  const appliedOffsets = new Map([...beforeById].map(([id, part]) => [id, part.appliedOffset]));
  const plan = planCounts({ facts, duplicates, stored, appliedOffsets });

  // The one write that must have a single writer per partition: a consumer paused past its
  // session timeout (its partition now someone else's) stops here instead of counting again.
  if (plan.deltas.length > 0) await fence();
  await store.applyDeltas(plan.deltas);
  const moved = [...threads.values()].filter((state) => offsetsBefore.get(state.id) !== state.appliedOffset);
  const partitions = new Set(Array.from({ length: deps.partitions }, (_, p) => p));
  for (const o of observations) partitions.add(o.delivery.partition);
  const topics = new Set([...deps.topics, ...observations.map((o) => o.delivery.topic)]);
  const closing = cursorIds.map((id) => {
    const touched = plan.touched.filter((ref) => cursorIdOf(ref.topic, ref.partition) === id).map((ref) => ref.key);
    const arrivals = observations.filter((o) => cursorIdOf(o.delivery.topic, o.delivery.partition) === id);
    const latest = Math.max(...arrivals.map((o) => o.arrivedAtMs));
    return advanceCursor(cursors.get(id) ?? emptyCursor(id), touched, latest, deps.graceMs);
  });
  const closed = new Set(closing.flatMap((c) => c.closed.map(rollupIdOf)));
  const keys = new Map(
    [...plan.touched.map((ref) => ref.key), ...closing.flatMap((c) => c.closed)].map((k) => [rollupIdOf(k), k]),
  );
  const [, after] = await Promise.all([
    moved.length > 0 ? store.writeThreads(moved) : Promise.resolve(),
    store.readParts(allPartsOf([...keys.values()], [...topics], [...partitions])),
  ]);
  assertSoleWriter(plan.deltas, beforeById, after);

  const changes = valuesOf(after).map((value): RollupChange => {
    const kind = value.key.late ? "correction" : closed.has(rollupIdOf(value.key)) ? "closed" : "open";
    return { ...value, kind };
  });
  if (changes.length > 0) await deps.publisher.publish(changes);
  await store.writeCursors(closing.map((c) => c.cursor));
  return { unresolved: [...new Set(plan.unresolved.map((index) => sources[index] as number))] };
}

function uniqueRefs(facts: readonly Fact[]): PartRef[] {
  const refs = new Map<string, PartRef>();
  for (const fact of facts) {
    const ref = partRefOf(fact);
    refs.set(partIdOf(ref), ref);
  }
  return [...refs.values()];
}

function allPartsOf(keys: readonly RollupKey[], topics: readonly string[], partitions: readonly number[]): PartRef[] {
  return keys.flatMap((key) => topics.flatMap((topic) => partitions.map((partition) => ({ key, topic, partition }))));
}

/** Parts summed per rollup key, across topics and partitions. */
export function valuesOf(parts: readonly Part[]): RollupValue[] {
  const sums = new Map<string, RollupValue>();
  for (const part of parts) {
    const id = rollupIdOf(part.key);
    const sum = sums.get(id) ?? { key: part.key, measures: {} };
    addMeasures(sum.measures, part.measures);
    sums.set(id, sum);
  }
  return [...sums.values()];
}

/**
 * The parts this batch wrote must hold exactly what it read plus what it added. Anything else
 * means a second consumer counted the same partition at the same time. The fence before the
 * write makes that need a write slower than the group's session timeout after a confirmed
 * heartbeat (the coordinator hands a partition over only after the owner rejoined or its session
 * expired); should it happen anyway, the double count is not undone here: throwing puts it in the
 * logs and the retry, which then adds nothing, publishes what is stored. A compare-and-set on
 * appliedOffset would prevent it outright, but a two-key update filter scans the collection on
 * FerretDB v1.
 */
function assertSoleWriter(
  deltas: readonly PartDelta[],
  before: ReadonlyMap<string, Part>,
  after: readonly Part[],
): void {
  const afterById = new Map(after.map((part) => [partIdOf(part), part]));
  for (const delta of deltas) {
    const id = partIdOf(delta);
    const was = before.get(id)?.measures ?? {};
    const now = afterById.get(id)?.measures ?? {};
    for (const [name, added] of Object.entries(delta.measures)) {
      const expected = (was[name] ?? 0) + added;
      if (now[name] !== expected) {
        throw new RollupPartConflictError(`part ${id} holds ${now[name]} ${name}, expected ${expected}`);
      }
    }
  }
}
