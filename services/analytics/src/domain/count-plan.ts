// Decides, for one batch of one partition's events, how much each rollup part grows — pure, no
// store. It must never count a message twice nor skip one, under redelivery of the whole batch,
// of a shorter or longer chunk, or of a second copy of the message at another position.
//
// Each event was just inserted as a record (`_id` = tenant|direction|messageId) or collided with
// a stored record:
// - inserted: a new message, counted now;
// - collided with a record at ANOTHER position: a second copy of a message, never counted;
// - collided with a record at ITS OWN position: this very record, redelivered (a crash before
//   the offset commit) — a candidate, counted now iff its offset is above the part's appliedOffset.
//
// Why that test is exact. Invariant, per part (bucket B, partition p): a record of B stored at
// offset o of p is counted in the part iff o ≤ appliedOffset.
// (a) Counted ⇒ o ≤ appliedOffset: a record is counted only by a write that also raises
//     appliedOffset to the last offset of B's events in its batch (≥ o), and $max never lowers it.
// (b) o ≤ appliedOffset ⇒ counted: a write raising appliedOffset to L ends a batch [s, e] of p
//     with s ≤ L ≤ e. After it, every record of B in [s, e] is counted: new ones and candidates
//     above the old appliedOffset by this write, candidates at or below it already (invariant),
//     and second copies are not stored at their own position. Every record before s was handled
//     by a batch that finished earlier: a partition is handled in offset order and its offset is
//     committed only after the handler returned, so a restart resumes at or before the first
//     unfinished offset. So every record of B up to L is counted.
// Neither step depends on where chunks start or end, so an attempt over offsets 100–199 followed
// by a redelivery of 100–250 counts each record once. Two conditions keep it true: a rejected
// event is never recorded (validation is deterministic and comes before the insert), and only the
// consumer owning p writes p's parts. One gap remains: a record dead-lettered between its insert
// and its part's write stays uncounted, and a replay from the dead-letter topic is a second copy.
import { type CountedEvent, compareOffsets, type Delivery, sameDelivery, volumeEventIdOf } from "./counted-event.ts";
import { partRefOf, type RollupDelta, rollupPartIdOf, type TouchedBucket } from "./rollup-parts.ts";

/** What a part's counting needs to know about its stored state. */
export interface AppliedState {
  appliedOffset: string;
}

export interface CountInput {
  /** The batch's valid events, in offset order. */
  events: readonly CountedEvent[];
  /** Positions in `events` whose record was already stored (the insert was skipped). */
  duplicates: ReadonlySet<number>;
  /** The stored delivery of each already-stored record, by volume event id. */
  deliveries: ReadonlyMap<string, Delivery>;
  /** The parts this batch writes, as stored before the write, by part id; absent = not yet created. */
  parts: ReadonlyMap<string, AppliedState>;
}

export interface CountPlan {
  /** One write per part that grows; parts whose count stays are not written. */
  deltas: RollupDelta[];
  /** Every bucket the events fall into: their absolute counts are published after the write. */
  buckets: TouchedBucket[];
  /** Positions of duplicates whose stored record could not be read: rejected, never counted at a guess. */
  unresolved: number[];
}

type Verdict = "count" | "skip" | "unresolved";

export function planCounts(input: CountInput): CountPlan {
  const deltas = new Map<string, RollupDelta>();
  const buckets = new Map<string, TouchedBucket>();
  const unresolved: number[] = [];

  input.events.forEach((event, index) => {
    const verdict = verdictOf(input, event, index);
    if (verdict === "unresolved") {
      unresolved.push(index);
      return;
    }
    const ref = partRefOf(event);
    const { partition: _, ...bucket } = ref;
    buckets.set(JSON.stringify(bucket), bucket);
    const id = rollupPartIdOf(ref);
    const delta = deltas.get(id) ?? {
      ...ref,
      businessId: event.businessId,
      delta: 0,
      appliedOffset: event.delivery.offset,
    };
    // The last offset of the part's events in this batch, whether or not they count (see (a), (b)).
    if (compareOffsets(event.delivery.offset, delta.appliedOffset) > 0) delta.appliedOffset = event.delivery.offset;
    if (verdict === "count") delta.delta += 1;
    deltas.set(id, delta);
  });

  return { deltas: [...deltas.values()].filter((d) => d.delta > 0), buckets: [...buckets.values()], unresolved };
}

function verdictOf(input: CountInput, event: CountedEvent, index: number): Verdict {
  if (!input.duplicates.has(index)) return "count";
  const stored = input.deliveries.get(volumeEventIdOf(event));
  if (!stored) return "unresolved";
  if (!sameDelivery(stored, event.delivery)) return "skip";
  const applied = input.parts.get(rollupPartIdOf(partRefOf(event)))?.appliedOffset;
  return applied === undefined || compareOffsets(event.delivery.offset, applied) > 0 ? "count" : "skip";
}
