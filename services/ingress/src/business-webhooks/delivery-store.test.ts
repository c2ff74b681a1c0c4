// The DeliveryStore contract against the in-memory adapter (the Mongo run is in
// test/store-contracts.int.test.ts), and what a claim round reads in it.
import { describe, expect, it } from "vitest";
import { describeDeliveryStoreContract } from "../../test/support/delivery-store-contract.ts";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";

describeDeliveryStoreContract("in-memory", async (options) => {
  const store = createInMemoryDeliveryStore(options);
  return { store, queueSize: async () => store.queued().length };
});

describe("a claim round's reads", () => {
  const scope = { tenantId: "t1", businessId: "b1" };
  const delivery = (id: string) => ({ deliveryId: id, eventType: "messages", phoneNumberId: "p1", changeJson: "{}" });

  it("do not grow with the number of deliveries already delivered", async () => {
    const store = createInMemoryDeliveryStore();
    /** Documents one round reads beside a backlog of 10, after `delivered` deliveries were made. */
    const roundReadsAfter = async (delivered: number, at: number) => {
      const ids = Array.from({ length: delivered }, (_, i) => `done-${at}-${i}`);
      for (const id of ids) await store.enqueue(scope, delivery(id), at);
      await store.claimDue(`drain-${at}`, at, 1_000, delivered);
      await store.markDelivered(scope, ids, at);
      const before = store.claimReads();
      await store.claimDue(`probe-${at}`, at, 1, 0);
      return store.claimReads() - before;
    };
    for (let i = 0; i < 10; i++) await store.enqueue(scope, delivery(`backlog-${i}`), 0);
    // The backlog is due later than the probes, so it stays in the queue throughout.
    await store.claimDue("hold", 0, 1_000_000, 10);
    expect(await roundReadsAfter(10, 10)).toBe(10);
    expect(await roundReadsAfter(5_000, 20)).toBe(10);
  });
});
