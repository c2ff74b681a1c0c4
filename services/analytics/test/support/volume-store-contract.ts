// Behaviour every VolumeStore adapter must show, written once and run against each adapter: the
// in-memory one (test/support/in-memory-volume-store.ts) in unit tests
// (src/store/in-memory-volume-store.test.ts), the Mongo one in the integration tests
// (test/mongo-volume-store.int.test.ts). Each case works in its own tenants, so
// cases never see each other's data even on a shared database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { PartDelta } from "../../src/domain/fact.ts";
import type { VolumeStore } from "../../src/store/volume-store.ts";
import { fact, rollupKey, T0, THREAD_TOPIC } from "./volume-fixtures.ts";

const freshTenant = () => `t-${randomUUID()}`;
const at = (partition: number, offset: number) => ({ topic: THREAD_TOPIC, partition, offset: String(offset) });

export function describeVolumeStoreContract(adapter: string, makeStore: () => Promise<VolumeStore>): void {
  describe(`VolumeStore contract: ${adapter}`, () => {
    let store: VolumeStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("records each fact once, reports which were skipped and reads back the first copy", async () => {
      const tenantId = freshTenant();
      const key = rollupKey({ tenantId });
      const a = fact({ tenantId, key, id: `${tenantId}|sent|a`, delivery: at(0, 10) });
      const b = fact({ tenantId, key, id: `${tenantId}|sent|b`, delivery: at(0, 11) });
      expect(await store.recordFacts([a, b, { ...a, delivery: at(0, 12) }])).toEqual(new Set([2]));
      expect(await store.recordFacts([{ ...a, delivery: at(1, 3) }])).toEqual(new Set([0]));
      const found = await store.readFacts([
        { tenantId, id: a.id },
        { tenantId, id: `${tenantId}|sent|zz` },
        { tenantId: freshTenant(), id: b.id }, // another tenant naming this tenant's id
      ]);
      expect([...found.values()]).toEqual([a]);
    });

    it("adds measures to parts, raises appliedOffset and never lowers it", async () => {
      const tenantId = freshTenant();
      const ref = { key: rollupKey({ tenantId }), topic: THREAD_TOPIC, partition: 2 };
      const delta = (measures: PartDelta["measures"], offset: number, created: boolean): PartDelta => ({
        ...ref,
        measures,
        appliedOffset: String(offset),
        created,
      });
      expect(await store.readParts([ref])).toEqual([]);
      await store.applyDeltas([delta({ sent: 2, "failed:131047": 1 }, 40, true)]);
      await store.applyDeltas([delta({ sent: 1, delivered: 1 }, 30, false)]);
      expect(await store.readParts([ref, ref])).toEqual([
        { ...ref, measures: { sent: 3, "failed:131047": 1, delivered: 1 }, appliedOffset: "40" },
      ]);
      expect(await store.readParts([{ ...ref, key: { ...ref.key, tenantId: freshTenant() } }])).toEqual([]);
    });

    it("refuses to create a part that exists (a second writer) and still grows one that vanished", async () => {
      const tenantId = freshTenant();
      const ref = { key: rollupKey({ tenantId }), topic: THREAD_TOPIC, partition: 1 };
      const grown = { ...ref, key: rollupKey({ tenantId, bucketStartMs: T0 + 60_000 }) };
      await store.applyDeltas([{ ...ref, measures: { sent: 1 }, appliedOffset: "5", created: true }]);
      await expect(
        store.applyDeltas([{ ...ref, measures: { sent: 1 }, appliedOffset: "6", created: true }]),
      ).rejects.toThrow("created by another writer");
      await store.applyDeltas([{ ...grown, measures: { sent: 2 }, appliedOffset: "7", created: false }]);
      const read = await store.readParts([ref, grown]);
      expect(read.sort((a, b) => a.key.bucketStartMs - b.key.bucketStartMs)).toEqual([
        { ...ref, measures: { sent: 1 }, appliedOffset: "5" },
        { ...grown, measures: { sent: 2 }, appliedOffset: "7" },
      ]);
    });

    it("lists the parts of a tenant's range, of one business when scoped, never another tenant's", async () => {
      const tenantId = freshTenant();
      const other = freshTenant();
      const write = (key: ReturnType<typeof rollupKey>, sent: number) =>
        store.applyDeltas([
          { key, topic: THREAD_TOPIC, partition: 0, measures: { sent }, appliedOffset: "1", created: true },
        ]);
      await write(rollupKey({ tenantId, businessId: "w1" }), 1);
      await write(rollupKey({ tenantId, businessId: "w2", bucketStartMs: T0 + 60_000 }), 2);
      await write(rollupKey({ tenantId, bucketStartMs: T0 + 3_600_000 }), 4);
      await write(rollupKey({ tenantId: other, businessId: "w1" }), 8);
      const sent = async (businessId: string, toMs = T0 + 3_600_000) =>
        (await store.listParts({ tenantId, businessId }, { fromMs: T0, toMs }))
          .map((p) => p.measures.sent)
          .sort((x, y) => (x ?? 0) - (y ?? 0));
      expect(await sent("")).toEqual([1, 2]);
      expect(await sent("w2")).toEqual([2]);
      expect(await sent("", T0 + 7_200_000)).toEqual([1, 2, 4]);
    });

    it("keeps thread states and partition cursors whole, per tenant", async () => {
      const tenantId = freshTenant();
      const state = { id: `${tenantId}|p1|c1`, tenantId, windowStartMs: T0, appliedOffset: "9" };
      await store.writeThreads([state]);
      await store.writeThreads([{ ...state, awaitingSinceMs: T0 + 1 }]);
      await store.writeThreads([{ id: state.id, tenantId, appliedOffset: "10" }]);
      expect([...(await store.readThreads([{ tenantId, id: state.id }])).values()]).toEqual([
        { id: state.id, tenantId, appliedOffset: "10" },
      ]);
      expect((await store.readThreads([{ tenantId: freshTenant(), id: state.id }])).size).toBe(0);
      const cursor = { id: `${THREAD_TOPIC}|${tenantId}`, watermarkMs: T0, open: [rollupKey({ tenantId })] };
      await store.writeCursors([cursor]);
      expect([...(await store.readCursors([cursor.id, "none"])).values()]).toEqual([cursor]);
    });
  });
}
