import { describe, expect, it } from "vitest";
import { createInMemoryPrivacyStore } from "./in-memory-privacy-store.ts";
import { DAY_MS, runRetention } from "./retention-job.ts";

const NOW = 100 * DAY_MS;

describe("runRetention", () => {
  it("deletes only messages older than each tenant's cutoff, in bounded batches, and records counts", async () => {
    const privacy = createInMemoryPrivacyStore();
    await privacy.store.setRetentionDays({ tenantId: "t1", businessId: "" }, 30);
    for (let i = 0; i < 7; i++) {
      privacy.addMessage({ tenantId: "t1", threadId: "a", messageId: `old${i}`, createdAtMs: NOW - 31 * DAY_MS });
      privacy.addMessage({ tenantId: "t2", threadId: "a", messageId: `t2-old${i}`, createdAtMs: NOW - 31 * DAY_MS });
    }
    privacy.addMessage({ tenantId: "t1", threadId: "a", messageId: "edge", createdAtMs: NOW - 30 * DAY_MS });
    privacy.addMessage({ tenantId: "t1", threadId: "a", messageId: "new", createdAtMs: NOW - DAY_MS });
    const batches: number[] = [];
    const store = {
      ...privacy.store,
      deleteMessagesBefore: async (...args: Parameters<typeof privacy.store.deleteMessagesBefore>) => {
        const n = await privacy.store.deleteMessagesBefore(...args);
        batches.push(n);
        return n;
      },
    };
    const results = await runRetention({ privacy: store, clock: () => NOW, batchSize: 3 });
    expect(results).toEqual([{ tenantId: "t1", deleted: 7 }]);
    expect(batches).toEqual([3, 3, 1]);
    const left = privacy.messages().map((m) => m.messageId);
    expect(left).toContain("edge");
    expect(left).toContain("new");
    expect(left.filter((id) => id.startsWith("t2-"))).toHaveLength(7);
    expect(await privacy.store.getRetentionRun({ tenantId: "t1", businessId: "" })).toMatchObject({
      lastRunAtMs: NOW,
      lastDeleted: 7,
      totalDeleted: 7,
    });
  });

  it("stops between batches once aborted", async () => {
    const privacy = createInMemoryPrivacyStore();
    await privacy.store.setRetentionDays({ tenantId: "t1", businessId: "" }, 1);
    for (let i = 0; i < 5; i++)
      privacy.addMessage({ tenantId: "t1", threadId: "a", messageId: `m${i}`, createdAtMs: 0 });
    const stop = new AbortController();
    const store = {
      ...privacy.store,
      deleteMessagesBefore: async (...args: Parameters<typeof privacy.store.deleteMessagesBefore>) => {
        stop.abort();
        return privacy.store.deleteMessagesBefore(...args);
      },
    };
    await runRetention({ privacy: store, clock: () => NOW, batchSize: 2 }, stop.signal);
    expect(privacy.messages()).toHaveLength(3);
  });
});
