import { describe, expect, it } from "vitest";
import { createInMemoryVolumeStore } from "../../test/support/in-memory-volume-store.ts";
import { fact } from "../../test/support/volume-fixtures.ts";
import { describeVolumeStoreContract } from "../../test/support/volume-store-contract.ts";

describeVolumeStoreContract("in-memory", async () => createInMemoryVolumeStore());

describe("in-memory volume store", () => {
  it("keeps its own copies, so callers cannot change what it holds", async () => {
    const store = createInMemoryVolumeStore();
    const recorded = fact();
    await store.recordFacts([recorded]);
    recorded.delivery.offset = "99";
    const read = await store.readFacts([{ tenantId: recorded.tenantId, id: recorded.id }]);
    for (const f of read.values()) f.measures.sent = 7;
    const again = await store.readFacts([{ tenantId: recorded.tenantId, id: recorded.id }]);
    expect([...again.values()].map((f) => [f.delivery.offset, f.measures.sent])).toEqual([["0", 1]]);
  });
});
