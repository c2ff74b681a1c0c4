import type { TenantScope } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { countedEvent, T0, THREAD_TOPIC } from "../../test/support/volume-fixtures.ts";
import { createInMemoryVolumeStore } from "../store/in-memory-volume-store.ts";
import type { VolumeStore } from "../store/volume-store.ts";
import { type CountBatchDeps, countBatch, RollupPartConflictError, type RollupPublisher } from "./count-batch.ts";
import type { CountedEvent } from "./counted-event.ts";
import { partRefsOf } from "./rollup-parts.ts";
import type { TenantRollup } from "./volume.ts";

const tenantA: TenantScope = { tenantId: "tenant-a", businessId: "waba-a" };
const all = { phoneNumberId: "", fromMs: 0, toMs: T0 + 3_600_000 };

function recordingPublisher() {
  const published: TenantRollup[][] = [];
  const publisher: RollupPublisher = {
    async publish(rollups) {
      published.push(rollups.map((r) => ({ ...r })));
    },
  };
  return { published, publisher };
}

function setup(overrides: Partial<CountBatchDeps> = {}) {
  const store = createInMemoryVolumeStore();
  const { published, publisher } = recordingPublisher();
  const deps: CountBatchDeps = { store, publisher, partitions: 3, ...overrides };
  return { store, published, deps };
}

let nextOffset = 0;
const message = (messageId: string, overrides: Partial<CountedEvent> = {}) =>
  countedEvent({
    messageId,
    delivery: { topic: THREAD_TOPIC, partition: 0, offset: String(nextOffset++) },
    ...overrides,
  });

describe("counting a batch", () => {
  it("counts a message delivered twice once and republishes the same absolute count", async () => {
    const { store, published, deps } = setup();
    const first = [message("m1"), message("m2")];
    await countBatch(deps, first);
    // A second copy of m1 (another offset), then the first batch redelivered whole.
    await countBatch(deps, [message("m1")]);
    await countBatch(deps, first);

    expect(store.eventCount()).toBe(2);
    expect(await store.listRollups(tenantA, all)).toEqual([
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 2 },
    ]);
    expect(published.map((batch) => batch.map((r) => r.count))).toEqual([[2], [2], [2]]);
    expect(published[0]?.[0]).toEqual({
      tenantId: "tenant-a",
      phoneNumberId: "p1",
      direction: "outbound",
      bucketStartMs: T0,
      count: 2,
    });
  });

  it("keeps minutes, phone numbers and directions apart", async () => {
    const { store, published, deps } = setup();
    await countBatch(deps, [
      message("m1"),
      message("m2", { bucketStartMs: T0 + 60_000 }),
      message("m3", { phoneNumberId: "p2" }),
      message("m4", { direction: "inbound" }),
      // The same id in the other direction is another message (an inbound and an outbound wamid never clash).
      message("m1", { direction: "inbound" }),
    ]);
    expect(await store.listRollups(tenantA, all)).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 2 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p2", direction: "outbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0 + 60_000, count: 1 },
    ]);
    // One publish call per batch, one rollup per touched bucket.
    expect(published).toHaveLength(1);
    expect(published[0]).toHaveLength(4);
  });

  it("keeps tenants apart even for the same phone number and message id", async () => {
    const { store, published, deps } = setup();
    await countBatch(deps, [
      message("m1"),
      message("m1", { tenantId: "tenant-b" }),
      message("m2", { tenantId: "tenant-b" }),
    ]);
    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([1]);
    expect((await store.listRollups({ tenantId: "tenant-b", businessId: "" }, all)).map((r) => r.count)).toEqual([2]);
    expect(published[0]?.map((r) => [r.tenantId, r.count])).toEqual([
      ["tenant-a", 1],
      ["tenant-b", 2],
    ]);
  });

  it("shows a business-scoped reader only its own business", async () => {
    const { store, deps } = setup();
    await countBatch(deps, [message("m1"), message("m2", { businessId: "waba-other", phoneNumberId: "p9" })]);
    expect(await store.listRollups({ tenantId: "tenant-a", businessId: "" }, all)).toHaveLength(2);
    expect((await store.listRollups(tenantA, all)).map((r) => r.phoneNumberId)).toEqual(["p1"]);
  });

  it("sums a bucket's parts over every partition when publishing", async () => {
    const { published, deps } = setup();
    const onPartition = (partition: number, messageId: string) =>
      message(messageId, { delivery: { topic: THREAD_TOPIC, partition, offset: "7" } });
    await countBatch(deps, [onPartition(0, "a")]);
    await countBatch(deps, [onPartition(2, "b"), onPartition(2, "c")]);
    // A partition beyond the configured count still counts: the batch names it.
    await countBatch(deps, [onPartition(5, "d")]);
    expect(published.map((batch) => batch.map((r) => r.count))).toEqual([[1], [3], [4]]);
  });

  it("finishes a batch that crashed after recording, on redelivery", async () => {
    const { store, published, deps } = setup();
    const crashing: VolumeStore = {
      ...store,
      applyDeltas: async () => {
        throw new Error("crash after recording");
      },
    };
    const batch = [message("m1"), message("m2")];
    await expect(countBatch({ ...deps, store: crashing }, batch)).rejects.toThrow("crash");
    expect(published).toHaveLength(0);

    await countBatch(deps, batch);
    expect(published.map((b) => b.map((r) => r.count))).toEqual([[2]]);
    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([2]);
  });

  it("finishes a batch that crashed after writing but before publishing, without counting twice", async () => {
    const { store, published, deps } = setup();
    const batch = [message("m1"), message("m2")];
    const failing: RollupPublisher = {
      publish: async () => {
        throw new Error("broker down");
      },
    };
    await expect(countBatch({ ...deps, publisher: failing }, batch)).rejects.toThrow("broker down");
    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([2]);

    await countBatch(deps, [...batch, message("m3")]);
    expect(published.map((b) => b.map((r) => r.count))).toEqual([[3]]);
  });

  it("never lowers a rollup when an older, shorter chunk is redelivered", async () => {
    const { store, deps } = setup();
    const batch = [message("m1"), message("m2"), message("m3")];
    await countBatch(deps, batch);
    await countBatch(deps, batch.slice(0, 1));
    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([3]);
    const [part] = await store.readRollupParts(partRefsOf(batch));
    expect(part?.appliedOffset).toBe(batch[2]?.delivery.offset);
  });

  it("refuses to publish when another writer changed one of its parts meanwhile", async () => {
    const { store, published, deps } = setup();
    const racing: VolumeStore = {
      ...store,
      // Another consumer of the same partition (a rebalance) adds its own count in between.
      applyDeltas: async (deltas) => {
        await store.applyDeltas(deltas);
        await store.applyDeltas(deltas);
      },
    };
    await expect(countBatch({ ...deps, store: racing }, [message("m1")])).rejects.toThrow(RollupPartConflictError);
    expect(published).toHaveLength(0);
  });
});
