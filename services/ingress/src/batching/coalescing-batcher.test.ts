import { describe, expect, it } from "vitest";
import { createCoalescingBatcher } from "./coalescing-batcher.ts";

/** A write whose batches stay open until released, recording what each carried. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.includes(-1)) throw new Error("write failed");
    return items.map((n) => n * 10);
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      for (const open of gates.splice(0)) open();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return { batches, run, releaseAll };
}

describe("coalescing batcher", () => {
  it("sends the first call at once and the calls arriving meanwhile together in the next batch", async () => {
    const write = gatedWrite();
    const batcher = createCoalescingBatcher(write.run, { maxItems: 100, maxInFlight: 1 });
    const first = batcher.submit([1]);
    const second = batcher.submit([2, 3]);
    const third = batcher.submit([4]);
    await write.releaseAll();
    expect(await first).toEqual([10]);
    expect(await second).toEqual([20, 30]);
    expect(await third).toEqual([40]);
    expect(write.batches).toEqual([[1], [2, 3, 4]]);
  });

  it("keeps a batch within maxItems, but never splits one call", async () => {
    const write = gatedWrite();
    const batcher = createCoalescingBatcher(write.run, { maxItems: 3, maxInFlight: 1 });
    const calls = [batcher.submit([0]), batcher.submit([1, 2]), batcher.submit([3, 4]), batcher.submit([5, 6, 7, 8])];
    await write.releaseAll();
    await Promise.all(calls);
    expect(write.batches).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it("keeps up to maxInFlight batches outstanding", async () => {
    const write = gatedWrite();
    const batcher = createCoalescingBatcher(write.run, { maxItems: 100, maxInFlight: 2 });
    const calls = [1, 2, 3, 4].map((n) => batcher.submit([n]));
    expect(write.batches).toEqual([[1], [2]]);
    await write.releaseAll();
    expect(await Promise.all(calls)).toEqual([[10], [20], [30], [40]]);
    expect(write.batches).toEqual([[1], [2], [3, 4]]);
  });

  it("fails every call of a failed batch and goes on with the next", async () => {
    const write = gatedWrite();
    const batcher = createCoalescingBatcher(write.run, { maxItems: 100, maxInFlight: 1 });
    const first = batcher.submit([1]);
    const bad = batcher.submit([-1]);
    const neighbour = batcher.submit([2]);
    const caught = Promise.allSettled([bad, neighbour]);
    await write.releaseAll();
    expect(await first).toEqual([10]);
    expect((await caught).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const later = batcher.submit([3]);
    await write.releaseAll();
    expect(await later).toEqual([30]);
  });

  it("answers an empty call without writing", async () => {
    const write = gatedWrite();
    const batcher = createCoalescingBatcher(write.run, { maxItems: 100, maxInFlight: 1 });
    expect(await batcher.submit([])).toEqual([]);
    expect(write.batches).toEqual([]);
  });
});
