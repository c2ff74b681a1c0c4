// In-memory adapter of the VolumeStore for unit tests (test support: no runtime image has it),
// with the same semantics as the Mongo adapter (test/support/volume-store-contract.ts checks
// both). It keeps its own copies, so callers cannot change what it holds, and never shares state
// between instances.

import type { PartitionCursor } from "../../src/domain/bucket-closing.ts";
import { compareOffsets, type Fact, type Part, partIdOf } from "../../src/domain/fact.ts";
import { addMeasures } from "../../src/domain/measures.ts";
import type { ThreadState } from "../../src/domain/thread-state.ts";
import type { VolumeStore } from "../../src/store/volume-store.ts";

export interface InMemoryVolumeStore extends VolumeStore {
  /** How many facts are recorded, across tenants: lets tests see duplicates were dropped. */
  factCount(): number;
}

export function createInMemoryVolumeStore(): InMemoryVolumeStore {
  const facts = new Map<string, Fact>();
  const parts = new Map<string, Part>();
  const threads = new Map<string, ThreadState>();
  const cursors = new Map<string, PartitionCursor>();

  return {
    factCount: () => facts.size,

    async recordFacts(batch) {
      const skipped = new Set<number>();
      batch.forEach((fact, index) => {
        if (facts.has(fact.id)) skipped.add(index);
        else facts.set(fact.id, structuredClone(fact));
      });
      return skipped;
    },

    async readFacts(refs) {
      const found = new Map<string, Fact>();
      for (const ref of refs) {
        const stored = facts.get(ref.id);
        if (stored && stored.tenantId === ref.tenantId) found.set(ref.id, structuredClone(stored));
      }
      return found;
    },

    async readParts(refs) {
      const ids = new Set(refs.map(partIdOf));
      return [...ids].flatMap((id) => {
        const part = parts.get(id);
        return part ? [structuredClone(part)] : [];
      });
    },

    async applyDeltas(deltas) {
      const clash = deltas.filter((delta) => delta.created && parts.has(partIdOf(delta)));
      if (clash.length > 0) throw new Error(`${clash.length} part(s) created by another writer meanwhile`);
      for (const { measures, appliedOffset, created: _, ...ref } of deltas) {
        const id = partIdOf(ref);
        const part = parts.get(id) ?? { ...structuredClone(ref), measures: {}, appliedOffset };
        addMeasures(part.measures, measures);
        if (compareOffsets(appliedOffset, part.appliedOffset) > 0) part.appliedOffset = appliedOffset;
        parts.set(id, part);
      }
    },

    async readThreads(refs) {
      const found = new Map<string, ThreadState>();
      for (const ref of refs) {
        const state = threads.get(ref.id);
        if (state && state.tenantId === ref.tenantId) found.set(ref.id, structuredClone(state));
      }
      return found;
    },

    async writeThreads(states) {
      for (const state of states) threads.set(state.id, structuredClone(state));
    },

    async readCursors(ids) {
      return new Map(
        ids.flatMap((id) => {
          const cursor = cursors.get(id);
          return cursor ? [[id, structuredClone(cursor)] as const] : [];
        }),
      );
    },

    async writeCursors(written) {
      for (const cursor of written) cursors.set(cursor.id, structuredClone(cursor));
    },

    async listParts(scope, range) {
      return [...parts.values()]
        .filter(
          ({ key }) =>
            key.tenantId === scope.tenantId &&
            (scope.businessId === "" || key.businessId === scope.businessId) &&
            key.bucketStartMs >= range.fromMs &&
            key.bucketStartMs < range.toMs,
        )
        .map((part) => structuredClone(part));
    },
  };
}
