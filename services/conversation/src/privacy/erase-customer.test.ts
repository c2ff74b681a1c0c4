import { createInMemoryEventBus, EventHandlers } from "@switchboard/kit";
import { CustomerErasedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryConversationStore } from "../../test/support/in-memory-conversation-store.ts";
import { createInMemoryPrivacyStore } from "../../test/support/in-memory-privacy-store.ts";
import { messageRecord, seedMessages, seedThreads, threadRecord } from "../../test/support/record-factories.ts";
import { threadIdOf } from "../domain/thread-id.ts";
import { eraseCustomer } from "./erase-customer.ts";

const scope = { tenantId: "t1", businessId: "b1" };
const hosting = {
  hostingMode: "cloud" as const,
  encryptionState: "provider_accessible" as const,
  processors: ["meta"],
};
const request = { phoneNumberId: "100", customerId: "15550001", requestedBy: "dsr-1" };

async function setup(messageCount: number) {
  const conversations = createInMemoryConversationStore();
  const privacy = createInMemoryPrivacyStore();
  const threadId = threadIdOf("t1", "100", "15550001");
  const other = threadIdOf("t1", "100", "15550002");
  await seedThreads(conversations, [
    threadRecord("t1", 0, {
      businessId: "b1",
      threadId,
      phoneNumberId: "100",
      customerId: "15550001",
      customerWaId: "15550001",
      hosting,
    }),
  ]);
  const message = (tenantId: string, thread: string, messageId: string, createdAtMs: number) =>
    messageRecord(tenantId, thread, messageId, { createdAtMs, hosting });
  await seedMessages(conversations, [
    ...Array.from({ length: messageCount }, (_, i) => message("t1", threadId, `m${i}`, i)),
    message("t1", other, "keep-other-customer", 1),
    message("t2", threadId, "keep-other-tenant", 1),
  ]);
  /** The ids of every message still stored, in the three threads the setup wrote to. */
  const remaining = async () => {
    const pages = await Promise.all(
      [
        { tenantId: "t1", threadId },
        { tenantId: "t1", threadId: other },
        { tenantId: "t2", threadId },
      ].map((t) =>
        conversations.listMessages(
          { tenantId: t.tenantId, businessId: "" },
          { threadId: t.threadId, limit: 100, cursor: "" },
        ),
      ),
    );
    return pages.flatMap((p) => p.items.map((m) => m.messageId));
  };
  const bus = createInMemoryEventBus();
  const published: string[] = [];
  await bus.subscribe({
    groupId: "test",
    handlers: new EventHandlers().on(CustomerErasedEvent, async (e) => {
      published.push(e.id);
    }),
  });
  const batches: number[] = [];
  const counted = {
    ...conversations,
    deleteThreadMessages: async (...args: Parameters<typeof conversations.deleteThreadMessages>) => {
      const n = await conversations.deleteThreadMessages(...args);
      batches.push(n);
      return n;
    },
  };
  const deps = { conversations: counted, privacy, bus, clock: () => 5_000, batchSize: 4 };
  return { deps, privacy, batches, published, threadId, remaining };
}

describe("eraseCustomer", () => {
  it("deletes the customer's messages in bounded batches and nothing else", async () => {
    const { deps, batches, threadId, remaining } = await setup(10);
    const tombstone = await eraseCustomer(deps, scope, request);
    expect(batches).toEqual([4, 4, 2]);
    expect((await remaining()).sort()).toEqual(["keep-other-customer", "keep-other-tenant"]);
    expect(tombstone).toMatchObject({ threadId, threadIds: [threadId], messagesErased: 10, requestedBy: "dsr-1" });
    expect(tombstone.completedAtMs).toBe(5_000);
  });

  it("publishes CustomerErased once and keeps the first tombstone when retried", async () => {
    const { deps, published, privacy, threadId } = await setup(3);
    const first = await eraseCustomer(deps, scope, request);
    const again = await eraseCustomer(deps, scope, { ...request, requestedBy: "someone-else" });
    expect(again).toEqual(first);
    expect(await privacy.getTombstone(scope, threadId)).toMatchObject({ published: true, requestedBy: "dsr-1" });
    expect(published).toEqual([`erased:t1:${threadId}`]);
  });

  it("resumes an erasure that crashed after its tombstone", async () => {
    const { deps, published, remaining } = await setup(6);
    const failing = {
      ...deps,
      conversations: {
        ...deps.conversations,
        deleteThreadMessages: async () => {
          throw new Error("crash");
        },
      },
    };
    await expect(eraseCustomer(failing, scope, request)).rejects.toThrow("crash");
    expect(published).toEqual([]);
    const tombstone = await eraseCustomer(deps, scope, request);
    expect(tombstone.messagesErased).toBe(6);
    expect(await remaining()).toHaveLength(2);
    expect(published).toHaveLength(1);
  });

  it("is not found for another tenant's customer", async () => {
    const { deps } = await setup(2);
    await expect(eraseCustomer(deps, { tenantId: "t2", businessId: "b1" }, request)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
