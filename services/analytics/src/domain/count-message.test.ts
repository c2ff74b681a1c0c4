import type { TenantScope } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createInMemoryVolumeStore } from "../store/in-memory-volume-store.ts";
import type { VolumeStore } from "../store/volume-store.ts";
import { type CountedMessage, countMessage, type RollupPublisher } from "./count-message.ts";
import type { VolumeRollup } from "./volume.ts";

const T0 = Date.UTC(2025, 5, 1, 12, 0);
const tenantA: TenantScope = { tenantId: "tenant-a", businessId: "waba-a" };
const tenantB: TenantScope = { tenantId: "tenant-b", businessId: "waba-b" };
const all = { phoneNumberId: "", fromMs: 0, toMs: T0 + 3_600_000 };

function recordingPublisher() {
  const published: { tenantId: string; rollup: VolumeRollup }[] = [];
  const publisher: RollupPublisher = {
    async publish(tenantId, rollup) {
      published.push({ tenantId, rollup });
    },
  };
  return { published, publisher };
}

const message = (messageId: string, overrides: Partial<CountedMessage> = {}): CountedMessage => ({
  messageId,
  direction: "outbound",
  phoneNumberId: "p1",
  atMs: T0 + 5_000,
  ...overrides,
});

describe("counting messages", () => {
  it("counts a redelivered message once and republishes the same absolute count", async () => {
    const store = createInMemoryVolumeStore();
    const { published, publisher } = recordingPublisher();
    await countMessage(store, publisher, tenantA, message("m1"));
    await countMessage(store, publisher, tenantA, message("m2"));
    await countMessage(store, publisher, tenantA, message("m1"));

    expect(store.eventCount()).toBe(2);
    expect(await store.listRollups(tenantA, all)).toEqual([
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 2 },
    ]);
    expect(published.map((p) => p.rollup.count)).toEqual([1, 2, 2]);
  });

  it("keeps minutes, phone numbers and directions apart", async () => {
    const store = createInMemoryVolumeStore();
    const { publisher } = recordingPublisher();
    await countMessage(store, publisher, tenantA, message("m1"));
    await countMessage(store, publisher, tenantA, message("m2", { atMs: T0 + 60_000 }));
    await countMessage(store, publisher, tenantA, message("m3", { phoneNumberId: "p2" }));
    await countMessage(store, publisher, tenantA, message("m4", { direction: "inbound" }));
    // The same id in the other direction is another message (an inbound and an outbound wamid never clash).
    await countMessage(store, publisher, tenantA, message("m1", { direction: "inbound" }));

    expect(await store.listRollups(tenantA, all)).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 2 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p2", direction: "outbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0 + 60_000, count: 1 },
    ]);
    expect(await store.listRollups(tenantA, { ...all, phoneNumberId: "p2" })).toHaveLength(1);
    expect(await store.listRollups(tenantA, { ...all, fromMs: T0 + 60_000 })).toHaveLength(1);
  });

  it("keeps tenants apart even for the same phone number and message id", async () => {
    const store = createInMemoryVolumeStore();
    const { published, publisher } = recordingPublisher();
    await countMessage(store, publisher, tenantA, message("m1"));
    await countMessage(store, publisher, tenantB, message("m1"));
    await countMessage(store, publisher, tenantB, message("m2"));

    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([1]);
    expect((await store.listRollups(tenantB, all)).map((r) => r.count)).toEqual([2]);
    expect(published.map((p) => p.tenantId)).toEqual(["tenant-a", "tenant-b", "tenant-b"]);
  });

  it("shows a business-scoped reader only its own business", async () => {
    const store = createInMemoryVolumeStore();
    const { publisher } = recordingPublisher();
    await countMessage(store, publisher, tenantA, message("m1"));
    await countMessage(
      store,
      publisher,
      { tenantId: "tenant-a", businessId: "waba-other" },
      message("m2", { phoneNumberId: "p9" }),
    );

    expect(await store.listRollups({ tenantId: "tenant-a", businessId: "" }, all)).toHaveLength(2);
    expect((await store.listRollups(tenantA, all)).map((r) => r.phoneNumberId)).toEqual(["p1"]);
  });

  it("finishes a crashed attempt on redelivery: recorded but never rolled up or published", async () => {
    const store = createInMemoryVolumeStore();
    const { published, publisher } = recordingPublisher();
    const crashing: VolumeStore = {
      ...store,
      countBucket: async () => {
        throw new Error("crash after recording");
      },
    };
    await expect(countMessage(crashing, publisher, tenantA, message("m1"))).rejects.toThrow("crash");
    expect(published).toHaveLength(0);

    await countMessage(store, publisher, tenantA, message("m1"));
    expect(published.map((p) => p.rollup.count)).toEqual([1]);
    expect((await store.listRollups(tenantA, all)).map((r) => r.count)).toEqual([1]);
  });

  it("never lowers a rollup with a stale recount", async () => {
    const store = createInMemoryVolumeStore();
    const key = { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0 } as const;
    expect(await store.raiseRollup(tenantA, key, 3)).toBe(3);
    expect(await store.raiseRollup(tenantA, key, 2)).toBe(3);
  });
});
