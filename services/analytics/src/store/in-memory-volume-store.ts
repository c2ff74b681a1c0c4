// In-memory adapter of the VolumeStore for unit tests, with the same semantics as the Mongo
// adapter: unique (tenant, direction, messageId) events, rollups that only ever rise.
import type { TenantScope } from "@switchboard/kit";
import type { BucketKey, VolumeRollup } from "../domain/volume.ts";
import type { VolumeStore } from "./volume-store.ts";

interface Stored<T> {
  tenantId: string;
  businessId: string;
  value: T;
}

const bucketId = (tenantId: string, k: BucketKey) =>
  JSON.stringify([tenantId, k.phoneNumberId, k.direction, k.bucketStartMs]);

export interface InMemoryVolumeStore extends VolumeStore {
  /** How many messages are recorded, across tenants: lets tests see duplicates were dropped. */
  eventCount(): number;
}

export function createInMemoryVolumeStore(): InMemoryVolumeStore {
  const events = new Map<string, Stored<BucketKey>>();
  const rollups = new Map<string, Stored<VolumeRollup>>();

  return {
    eventCount: () => events.size,

    async recordEvent(scope, event) {
      const id = JSON.stringify([scope.tenantId, event.direction, event.messageId]);
      if (events.has(id)) return { inserted: false };
      events.set(id, { tenantId: scope.tenantId, businessId: scope.businessId, value: { ...event } });
      return { inserted: true };
    },

    async countBucket(scope, key) {
      const wanted = bucketId(scope.tenantId, key);
      return [...events.values()].filter((e) => bucketId(e.tenantId, e.value) === wanted).length;
    },

    async raiseRollup(scope, key, count) {
      const id = bucketId(scope.tenantId, key);
      const existing = rollups.get(id);
      const stored: Stored<VolumeRollup> = existing ?? {
        tenantId: scope.tenantId,
        businessId: scope.businessId,
        value: { ...key, count },
      };
      stored.value.count = Math.max(stored.value.count, count);
      rollups.set(id, stored);
      return stored.value.count;
    },

    async listRollups(scope: TenantScope, query) {
      return [...rollups.values()]
        .filter(
          (r) =>
            r.tenantId === scope.tenantId &&
            (scope.businessId === "" || r.businessId === scope.businessId) &&
            (query.phoneNumberId === "" || r.value.phoneNumberId === query.phoneNumberId) &&
            r.value.bucketStartMs >= query.fromMs &&
            r.value.bucketStartMs < query.toMs,
        )
        .map((r) => ({ ...r.value }))
        .sort(compareRollups);
    },
  };
}

// Binary string order, as MongoDB sorts, not locale order.
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareRollups(a: VolumeRollup, b: VolumeRollup): number {
  return (
    a.bucketStartMs - b.bucketStartMs ||
    compareStrings(a.phoneNumberId, b.phoneNumberId) ||
    compareStrings(a.direction, b.direction)
  );
}
