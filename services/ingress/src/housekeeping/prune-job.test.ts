// The prune job: each target pruned with its own retention, page after page while pages are full,
// bounded per run (the next run goes on), and a failing target does not stop the others.
import { createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { prunePageOf } from "../../test/support/in-memory-prune-page.ts";
import type { Prunable } from "./prunable.ts";
import { createPruneJob } from "./prune-job.ts";

const logger = createLogger({ service: "test", level: "silent" });

function storeOf(ages: Record<string, number>): Prunable & { ids(): string[] } {
  const entries = new Map(Object.entries(ages));
  return {
    prunePage: async (cutoffMs, pageSize) => prunePageOf(entries, (age) => age, { cutoffMs, pageSize }),
    ids: () => [...entries.keys()].sort(),
  };
}

describe("prune job", () => {
  it("deletes what each target keeps past its retention, and nothing younger", async () => {
    const keys = storeOf({ a: 100, b: 900, c: 50 });
    const claims = storeOf({ x: 100, y: 500 });
    const job = createPruneJob({
      targets: [
        { name: "keys", store: keys, retentionMs: 500 },
        { name: "claims", store: claims, retentionMs: 800 },
      ],
      pageSize: 10,
      now: () => 1_000,
      logger,
    });
    expect(await job.run()).toEqual({ keys: 2, claims: 1 });
    expect(keys.ids()).toEqual(["b"]);
    expect(claims.ids()).toEqual(["y"]);
  });

  it("deletes at most maxPagesPerRun pages per run and the rest in the next runs", async () => {
    const store = storeOf(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 0])));
    const job = createPruneJob({
      targets: [{ name: "keys", store, retentionMs: 1 }],
      pageSize: 2,
      maxPagesPerRun: 2,
      now: () => 1_000,
      logger,
    });
    expect(await job.run()).toEqual({ keys: 4 });
    expect(await job.run()).toEqual({ keys: 4 });
    expect(await job.run()).toEqual({ keys: 2 });
    expect(store.ids()).toEqual([]);
  });

  it("goes on with the other targets when one fails", async () => {
    const failing: Prunable = {
      prunePage: async () => {
        throw new Error("store down");
      },
    };
    const store = storeOf({ a: 0 });
    const job = createPruneJob({
      targets: [
        { name: "failing", store: failing, retentionMs: 1 },
        { name: "ok", store, retentionMs: 1 },
      ],
      pageSize: 10,
      now: () => 1_000,
      logger,
    });
    expect(await job.run()).toEqual({ failing: 0, ok: 1 });
  });
});
