// Decides, for one batch of one partition's facts, how much each part grows — pure, no store. It
// must never count a fact twice nor skip one, under redelivery of the whole batch, of a shorter or
// longer chunk, or of a second copy of the fact at another position.
//
// Each fact was just inserted as a record (`_id` = fact id) or collided with a stored record:
// - inserted: a new fact, counted now;
// - collided with a record at ANOTHER position: a second copy, never counted;
// - collided with a record at ITS OWN position: this very record, redelivered (a crash before the
//   offset commit) — a candidate, counted now iff its offset is above its part's appliedOffset.
//   A candidate is counted as STORED (key and measures of the record), not as re-derived: what an
//   event maps to may depend on what the store held when it was first seen (a status takes its
//   message's hosting mode), and only the stored record says which part it went to.
//
// Why that test is exact. Invariant, per part (key K, partition p): a record of K stored at
// offset o of p is counted in the part iff o ≤ appliedOffset.
// (a) Counted ⇒ o ≤ appliedOffset: a record is counted only by a write that also raises
//     appliedOffset to the last offset of K's facts in its batch (≥ o), and $max never lowers it.
// (b) o ≤ appliedOffset ⇒ counted: a write raising appliedOffset to L ends a batch [s, e] of p
//     with s ≤ L ≤ e. After it, every record of K in [s, e] is counted: new ones and candidates
//     above the old appliedOffset by this write, candidates at or below it already (invariant),
//     and second copies are not stored at their own position. Every record before s was handled
//     by a batch that finished earlier: a partition is handled in offset order and its offset is
//     committed only after the handler returned, so a restart resumes at or before the first
//     unfinished offset. So every record of K up to L is counted.
// Neither step depends on where chunks start or end. Two conditions keep it true: a rejected
// event is never recorded (validation is deterministic and comes before the insert), and only the
// consumer owning p writes p's parts.

import { compareOffsets, type Fact, type PartDelta, type PartRef, partIdOf, partRefOf, sameDelivery } from "./fact.ts";
import { addMeasures } from "./measures.ts";

export interface CountInput {
  /** The batch's facts, in offset order. */
  facts: readonly Fact[];
  /** Positions in `facts` whose record was already stored (the insert was skipped). */
  duplicates: ReadonlySet<number>;
  /** The stored record of each duplicate, by fact id. */
  stored: ReadonlyMap<string, Fact>;
  /** appliedOffset of the parts this batch writes, as stored before the write; absent = new part. */
  appliedOffsets: ReadonlyMap<string, string>;
}

export interface CountPlan {
  /** One write per part that grows; parts whose counts stay are not written. */
  deltas: PartDelta[];
  /** Positions of duplicates whose stored record could not be read: rejected, never counted at a guess. */
  unresolved: number[];
  /** Every part a fact of this batch is counted in (now or before): republished after the write. */
  touched: PartRef[];
}

export function planCounts(input: CountInput): CountPlan {
  const deltas = new Map<string, PartDelta & { grows: boolean }>();
  const unresolved: number[] = [];
  const touched = new Map<string, PartRef>();
  input.facts.forEach((fresh, index) => {
    const verdict = verdictOf(input, fresh, index);
    if (verdict === "unresolved") {
      unresolved.push(index);
      return;
    }
    // A second copy belongs to its first copy's part, which this partition may not own: untouched.
    if (verdict.kind === "second-copy") return;
    const { fact } = verdict;
    const ref = partRefOf(fact);
    const id = partIdOf(ref);
    touched.set(id, ref);
    const created = !input.appliedOffsets.has(id);
    const delta = deltas.get(id) ?? {
      ...ref,
      measures: {},
      appliedOffset: fact.delivery.offset,
      created,
      grows: false,
    };
    // The last offset of the part's facts in this batch, whether or not they count (see (a), (b)).
    if (compareOffsets(fact.delivery.offset, delta.appliedOffset) > 0) delta.appliedOffset = fact.delivery.offset;
    if (verdict.kind === "count") {
      addMeasures(delta.measures, fact.measures);
      delta.grows = true;
    }
    deltas.set(id, delta);
  });
  const grown = [...deltas.values()].filter((d) => d.grows).map(({ grows: _, ...delta }) => delta);
  return { deltas: grown, unresolved, touched: [...touched.values()] };
}

type Verdict = "unresolved" | { kind: "count" | "counted" | "second-copy"; fact: Fact };

function verdictOf(input: CountInput, fresh: Fact, index: number): Verdict {
  if (!input.duplicates.has(index)) return { kind: "count", fact: fresh };
  const stored = input.stored.get(fresh.id);
  if (!stored) return "unresolved";
  if (!sameDelivery(stored.delivery, fresh.delivery)) return { kind: "second-copy", fact: stored };
  const applied = input.appliedOffsets.get(partIdOf(partRefOf(stored)));
  const counts = applied === undefined || compareOffsets(stored.delivery.offset, applied) > 0;
  return { kind: counts ? "count" : "counted", fact: stored };
}
