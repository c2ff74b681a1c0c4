import { describe, expect, it } from "vitest";
import { createInMemoryConversationStore } from "../../test/support/in-memory-conversation-store.ts";
import { createInMemoryPrivacyStore } from "../../test/support/in-memory-privacy-store.ts";
import { messageRecord, seedMessages } from "../../test/support/record-factories.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { DAY_MS, runRetention } from "./retention-job.ts";

const NOW = 100 * DAY_MS;

/** The stores, and the ids of the messages left in thread "a" of each tenant. */
function setup() {
  const privacy = createInMemoryPrivacyStore();
  const conversations = createInMemoryConversationStore();
  const add = (m: { tenantId: string; threadId: string; messageId: string; createdAtMs: number }) =>
    seedMessages(conversations, [messageRecord(m.tenantId, m.threadId, m.messageId, { createdAtMs: m.createdAtMs })]);
  const left = async () => {
    const pages = await Promise.all(
      ["t1", "t2"].map((tenantId) =>
        conversations.listMessages({ tenantId, businessId: "" }, { threadId: "a", limit: 100, cursor: "" }),
      ),
    );
    return pages.flatMap((p) => p.items.map((m) => m.messageId));
  };
  return { privacy, conversations, add, left };
}

describe("runRetention", () => {
  it("deletes only messages older than each tenant's cutoff, in bounded batches, and records counts", async () => {
    const { privacy, conversations, add, left: remaining } = setup();
    await privacy.setRetentionDays({ tenantId: "t1", businessId: "" }, 30);
    for (let i = 0; i < 7; i++) {
      await add({ tenantId: "t1", threadId: "a", messageId: `old${i}`, createdAtMs: NOW - 31 * DAY_MS });
      await add({ tenantId: "t2", threadId: "a", messageId: `t2-old${i}`, createdAtMs: NOW - 31 * DAY_MS });
    }
    await add({ tenantId: "t1", threadId: "a", messageId: "edge", createdAtMs: NOW - 30 * DAY_MS });
    await add({ tenantId: "t1", threadId: "a", messageId: "new", createdAtMs: NOW - DAY_MS });
    const batches: number[] = [];
    const counted: ConversationStore = {
      ...conversations,
      deleteMessagesBefore: async (...args) => {
        const n = await conversations.deleteMessagesBefore(...args);
        batches.push(n);
        return n;
      },
    };
    const results = await runRetention({ privacy, conversations: counted, clock: () => NOW, batchSize: 3 });
    expect(results).toEqual([{ tenantId: "t1", deleted: 7 }]);
    expect(batches).toEqual([3, 3, 1]);
    const left = await remaining();
    expect(left).toContain("edge");
    expect(left).toContain("new");
    expect(left.filter((id) => id.startsWith("t2-"))).toHaveLength(7);
    expect(await privacy.getRetentionRun({ tenantId: "t1", businessId: "" })).toMatchObject({
      lastRunAtMs: NOW,
      lastDeleted: 7,
      totalDeleted: 7,
    });
  });

  it("stops between batches once aborted", async () => {
    const { privacy, conversations, add, left } = setup();
    await privacy.setRetentionDays({ tenantId: "t1", businessId: "" }, 1);
    for (let i = 0; i < 5; i++) await add({ tenantId: "t1", threadId: "a", messageId: `m${i}`, createdAtMs: 0 });
    const stop = new AbortController();
    const aborting: ConversationStore = {
      ...conversations,
      deleteMessagesBefore: async (...args) => {
        stop.abort();
        return conversations.deleteMessagesBefore(...args);
      },
    };
    await runRetention({ privacy, conversations: aborting, clock: () => NOW, batchSize: 2 }, stop.signal);
    expect(await left()).toHaveLength(3);
  });
});
