// In-memory adapter of the VolumeStore for unit tests, with the same semantics as the Mongo
// adapter (the shared contract in test/support/volume-store-contract.ts checks both): one record
// per message, parts that only ever grow, reads that check the tenant. It must never share state
// between instances: each test builds its own.
import { type CountedEvent, compareOffsets, type Delivery, volumeEventIdOf } from "../domain/counted-event.ts";
import { type RollupPart, rollupPartIdOf, sumRollupParts } from "../domain/rollup-parts.ts";
import type { VolumeStore } from "./volume-store.ts";

export interface InMemoryVolumeStore extends VolumeStore {
  /** How many messages are recorded, across tenants: lets tests see duplicates were dropped. */
  eventCount(): number;
}

export function createInMemoryVolumeStore(): InMemoryVolumeStore {
  const events = new Map<string, CountedEvent>();
  const parts = new Map<string, RollupPart>();

  return {
    eventCount: () => events.size,

    async recordEvents(batch) {
      const skipped = new Set<number>();
      batch.forEach((event, index) => {
        const id = volumeEventIdOf(event);
        if (events.has(id)) skipped.add(index);
        else events.set(id, structuredClone(event));
      });
      return skipped;
    },

    async readDeliveries(refs) {
      const found = new Map<string, Delivery>();
      for (const ref of refs) {
        const id = volumeEventIdOf(ref);
        const stored = events.get(id);
        if (stored && stored.tenantId === ref.tenantId) found.set(id, { ...stored.delivery });
      }
      return found;
    },

    async readRollupParts(refs) {
      const ids = new Set(refs.map(rollupPartIdOf));
      return [...ids].flatMap((id) => {
        const part = parts.get(id);
        return part ? [{ ...part }] : [];
      });
    },

    async applyDeltas(deltas) {
      for (const { delta, appliedOffset, ...identity } of deltas) {
        const id = rollupPartIdOf(identity);
        const part = parts.get(id) ?? { ...identity, count: 0, appliedOffset };
        part.count += delta;
        if (compareOffsets(appliedOffset, part.appliedOffset) > 0) part.appliedOffset = appliedOffset;
        parts.set(id, part);
      }
    },

    async listRollups(scope, query) {
      const visible = [...parts.values()].filter(
        (p) =>
          p.tenantId === scope.tenantId &&
          (scope.businessId === "" || p.businessId === scope.businessId) &&
          (query.phoneNumberId === "" || p.phoneNumberId === query.phoneNumberId) &&
          p.bucketStartMs >= query.fromMs &&
          p.bucketStartMs < query.toMs,
      );
      return sumRollupParts(visible).map(({ tenantId: _, ...rollup }) => rollup);
    },
  };
}
