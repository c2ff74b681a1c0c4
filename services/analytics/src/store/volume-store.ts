// The VolumeStore port, shaped for one consumed batch: a few calls per batch whatever its size,
// each one bulk request (or a bounded number of them) in the adapters. Every fact, part and
// thread state names its tenant; adapters check it on everything they read, and a
// business-scoped reader sees only that business's parts. No method needs a transaction, and only
// `applyDeltas` writes a part (one writer per part: the consumer owning its partition).
import type { TenantScope } from "@switchboard/kit";
import type { PartitionCursor } from "../domain/bucket-closing.ts";
import type { Fact, Part, PartDelta, PartRef } from "../domain/fact.ts";
import type { ThreadState } from "../domain/thread-state.ts";

/** A stored document named by id, with the tenant it must belong to. */
export interface OwnedRef {
  tenantId: string;
  id: string;
}

export interface PartRange {
  /** Inclusive, Unix ms. */
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

export interface VolumeStore {
  /** Stores each fact unless one with its id is stored (or repeated earlier); returns the skipped positions. */
  recordFacts(facts: readonly Fact[]): Promise<Set<number>>;
  /** The stored facts among `refs`, by id; unknown ones (or another tenant's) are absent. */
  readFacts(refs: readonly OwnedRef[]): Promise<Map<string, Fact>>;
  /** The stored parts among `refs`; parts never written are absent. */
  readParts(refs: readonly PartRef[]): Promise<Part[]>;
  /** Per delta: creates the part if needed, adds its measures, raises appliedOffset to at least the given one. */
  applyDeltas(deltas: readonly PartDelta[]): Promise<void>;
  readThreads(refs: readonly OwnedRef[]): Promise<Map<string, ThreadState>>;
  /** Replaces each state whole (only the owning partition's consumer writes a thread). */
  writeThreads(states: readonly ThreadState[]): Promise<void>;
  /** The stored cursors among `ids` (one per topic-partition, written by its consumer only). */
  readCursors(ids: readonly string[]): Promise<Map<string, PartitionCursor>>;
  writeCursors(cursors: readonly PartitionCursor[]): Promise<void>;
  /** Every part of the scope whose bucket starts in the range, any partition. */
  listParts(scope: TenantScope, range: PartRange): Promise<Part[]>;
}
