import { describe, expect, it } from "vitest";
import { countedEvent } from "../../test/support/volume-fixtures.ts";
import { describeVolumeStoreContract } from "../../test/support/volume-store-contract.ts";
import { createInMemoryVolumeStore } from "./in-memory-volume-store.ts";

describeVolumeStoreContract("in-memory", async () => createInMemoryVolumeStore());

describe("in-memory volume store", () => {
  it("keeps its own copies, so callers cannot change what it holds", async () => {
    const store = createInMemoryVolumeStore();
    const event = countedEvent();
    await store.recordEvents([event]);
    event.delivery.offset = "99";
    const read = await store.readDeliveries([event]);
    for (const delivery of read.values()) delivery.offset = "98";
    expect([...(await store.readDeliveries([event])).values()].map((d) => d.offset)).toEqual(["0"]);
  });
});
