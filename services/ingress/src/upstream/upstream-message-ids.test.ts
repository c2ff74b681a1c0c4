import { describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "./upstream-message-ids.ts";

describe("in-memory upstream message ids", () => {
  it("keeps the first record of a message, translates only ids that differ from ours, per tenant", async () => {
    const ids = createInMemoryUpstreamMessageIds();
    await ids.remember("t1", "wamid.meta-1", "wamid.ours-1");
    await ids.remember("t1", "wamid.meta-other", "wamid.ours-1"); // a second send of it: the first stands
    await ids.remember("t1", "wamid.same", "wamid.same"); // a channel that reuses our ids
    expect(await ids.upstreamIdOf("t1", "wamid.ours-1")).toBe("wamid.meta-1");
    expect(await ids.upstreamIdOf("t1", "wamid.same")).toBe("wamid.same");
    expect(await ids.upstreamIdOf("t2", "wamid.ours-1")).toBeUndefined();
    expect(await ids.ourIds("t1", ["wamid.meta-1", "wamid.same", "wamid.unknown"])).toEqual(
      new Map([["wamid.meta-1", "wamid.ours-1"]]),
    );
    expect(await ids.ourIds("t2", ["wamid.meta-1"])).toEqual(new Map());
  });
});
