// Behaviour every VolumeStore adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/store/in-memory-volume-store.test.ts), the Mongo one in the
// integration tests (test/mongo-volume-store.int.test.ts). Each case works in its own tenants, so
// cases never see each other's data even on a shared database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { CountedEvent } from "../../src/domain/counted-event.ts";
import type { RollupDelta, RollupPartRef } from "../../src/domain/rollup-parts.ts";
import type { VolumeStore } from "../../src/store/volume-store.ts";
import { countedEvent, T0, THREAD_TOPIC } from "./volume-fixtures.ts";

const freshTenant = () => `t-${randomUUID()}`;
const at = (partition: number, offset: number | string) => ({ topic: THREAD_TOPIC, partition, offset: String(offset) });
const everything = { phoneNumberId: "", fromMs: 0, toMs: T0 + 3_600_000 };

const partRef = (tenantId: string, overrides: Partial<RollupPartRef> = {}): RollupPartRef => ({
  tenantId,
  phoneNumberId: "p1",
  direction: "outbound",
  bucketStartMs: T0,
  topic: THREAD_TOPIC,
  partition: 0,
  ...overrides,
});

const delta = (
  ref: RollupPartRef,
  count: number,
  appliedOffset: number | string,
  businessId = "waba-a",
): RollupDelta => ({
  ...ref,
  businessId,
  delta: count,
  appliedOffset: String(appliedOffset),
});

export function describeVolumeStoreContract(adapter: string, makeStore: () => Promise<VolumeStore>): void {
  describe(`VolumeStore contract: ${adapter}`, () => {
    let store: VolumeStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("records each message once and reports which events were skipped", async () => {
      const tenantId = freshTenant();
      const a = countedEvent({ tenantId, messageId: "a", delivery: at(0, 10) });
      const b = countedEvent({ tenantId, messageId: "b", delivery: at(0, 11) });
      const aAgain = countedEvent({ tenantId, messageId: "a", delivery: at(0, 12) });
      expect(await store.recordEvents([a, b, aAgain])).toEqual(new Set([2]));

      const c = countedEvent({ tenantId, messageId: "c", delivery: at(1, 3) });
      expect(await store.recordEvents([a, c])).toEqual(new Set([0]));
      // The first copy's position is what is stored; an unknown message has none.
      const deliveries = await store.readDeliveries([a, c, { tenantId, direction: "outbound", messageId: "zz" }]);
      expect([...deliveries.values()]).toEqual([at(0, 10), at(1, 3)]);
      expect(deliveries.size).toBe(2);
    });

    it("keeps tenants and directions apart for the same message id", async () => {
      const tenantA = freshTenant();
      const tenantB = freshTenant();
      const a = countedEvent({ tenantId: tenantA, messageId: "m", delivery: at(0, 1) });
      await store.recordEvents([a]);
      const b = countedEvent({ tenantId: tenantB, messageId: "m", delivery: at(0, 2) });
      const inbound = countedEvent({ tenantId: tenantA, messageId: "m", direction: "inbound", delivery: at(0, 3) });
      expect(await store.recordEvents([b, inbound])).toEqual(new Set());
      const read = await store.readDeliveries([b]);
      expect([...read.values()]).toEqual([at(0, 2)]);
    });

    it("grows a part and raises its applied offset, never lowering it", async () => {
      const tenantId = freshTenant();
      const ref = partRef(tenantId);
      expect(await store.readRollupParts([ref])).toEqual([]);
      await store.applyDeltas([delta(ref, 2, 10)]);
      await store.applyDeltas([delta(ref, 1, 5, "waba-later")]);
      expect(await store.readRollupParts([ref])).toEqual([
        { ...ref, businessId: "waba-a", count: 3, appliedOffset: "10" },
      ]);
      await store.applyDeltas([delta(ref, 1, 123_456_789_012)]);
      expect(await store.readRollupParts([ref])).toEqual([
        { ...ref, businessId: "waba-a", count: 4, appliedOffset: "123456789012" },
      ]);
      // Another tenant's part of the same bucket is another part.
      expect(await store.readRollupParts([{ ...ref, tenantId: freshTenant() }])).toEqual([]);
    });

    it("reads back only the parts asked for, across partitions", async () => {
      const tenantId = freshTenant();
      const refs = [0, 1, 2].map((partition) => partRef(tenantId, { partition }));
      await store.applyDeltas(refs.slice(0, 2).map((ref, i) => delta(ref, i + 1, 7)));
      const read = await store.readRollupParts(refs);
      expect(read.map((p) => [p.partition, p.count]).sort()).toEqual([
        [0, 1],
        [1, 2],
      ]);
    });

    it("sums parts per bucket on reads, sorted, filtered, and scoped to tenant and business", async () => {
      const tenantId = freshTenant();
      const other = freshTenant();
      await store.applyDeltas([
        delta(partRef(tenantId, { partition: 0 }), 2, 1),
        delta(partRef(tenantId, { partition: 1 }), 3, 1),
        delta(partRef(tenantId, { partition: 2, topic: "other-topic" }), 1, 1),
        delta(partRef(tenantId, { direction: "inbound" }), 4, 1),
        delta(partRef(tenantId, { phoneNumberId: "p2" }), 5, 1, "waba-b"),
        delta(partRef(tenantId, { bucketStartMs: T0 + 60_000 }), 6, 1),
        delta(partRef(other), 7, 1),
      ]);
      const scope = { tenantId, businessId: "" };
      expect(await store.listRollups(scope, everything)).toEqual([
        { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 4 },
        { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 6 },
        { phoneNumberId: "p2", direction: "outbound", bucketStartMs: T0, count: 5 },
        { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0 + 60_000, count: 6 },
      ]);
      expect((await store.listRollups(scope, { ...everything, phoneNumberId: "p2" })).map((r) => r.count)).toEqual([5]);
      expect((await store.listRollups(scope, { ...everything, fromMs: T0 + 60_000 })).map((r) => r.count)).toEqual([6]);
      expect((await store.listRollups(scope, { ...everything, toMs: T0 })).length).toBe(0);
      expect((await store.listRollups({ tenantId, businessId: "waba-b" }, everything)).map((r) => r.count)).toEqual([
        5,
      ]);
      expect((await store.listRollups({ tenantId: other, businessId: "" }, everything)).map((r) => r.count)).toEqual([
        7,
      ]);
      expect(await store.listRollups({ tenantId: freshTenant(), businessId: "" }, everything)).toEqual([]);
    });

    it("handles batches larger than any one request", async () => {
      const tenantId = freshTenant();
      const events: CountedEvent[] = Array.from({ length: 1_200 }, (_, i) =>
        countedEvent({ tenantId, messageId: `m${i}`, phoneNumberId: `p${i % 120}`, delivery: at(0, i) }),
      );
      expect(await store.recordEvents(events.slice(0, 600))).toEqual(new Set());
      const skipped = await store.recordEvents(events);
      expect(skipped.size).toBe(600);
      expect(Math.max(...skipped)).toBe(599);
      expect((await store.readDeliveries(events)).size).toBe(1_200);

      const refs = Array.from({ length: 120 }, (_, i) => partRef(tenantId, { phoneNumberId: `p${i}` }));
      await store.applyDeltas(refs.map((ref) => delta(ref, 10, 1_199)));
      expect((await store.readRollupParts(refs)).length).toBe(120);
      const rollups = await store.listRollups({ tenantId, businessId: "" }, everything);
      expect(rollups.reduce((sum, r) => sum + r.count, 0)).toBe(1_200);
    });
  });
}
