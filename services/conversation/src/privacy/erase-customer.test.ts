import { createInMemoryEventBus, EventHandlers } from "@switchboard/kit";
import { CustomerErasedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { threadIdOf } from "../domain/thread-id.ts";
import { createInMemoryConversationStore } from "../store/in-memory-conversation-store.ts";
import { eraseCustomer } from "./erase-customer.ts";
import { createInMemoryPrivacyStore } from "./in-memory-privacy-store.ts";

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
  await conversations.recordMessage(
    scope,
    { businessId: "b1", threadId, phoneNumberId: "100", customerId: "15550001", customerWaId: "15550001", hosting },
    {
      threadId,
      messageId: "m0",
      direction: "inbound",
      type: "text",
      status: "",
      bodyJson: "{}",
      createdAtMs: 1,
      hosting,
    },
  );
  for (let i = 0; i < messageCount; i++)
    privacy.addMessage({ tenantId: "t1", threadId, messageId: `m${i}`, createdAtMs: i });
  privacy.addMessage({ tenantId: "t1", threadId: other, messageId: "keep-other-customer", createdAtMs: 1 });
  privacy.addMessage({ tenantId: "t2", threadId, messageId: "keep-other-tenant", createdAtMs: 1 });
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
    ...privacy.store,
    deleteMessageBatch: async (...args: Parameters<typeof privacy.store.deleteMessageBatch>) => {
      const n = await privacy.store.deleteMessageBatch(...args);
      batches.push(n);
      return n;
    },
  };
  const deps = { conversations, privacy: counted, bus, clock: () => 5_000, batchSize: 4 };
  return { deps, privacy, batches, published, threadId };
}

describe("eraseCustomer", () => {
  it("deletes the customer's messages in bounded batches and nothing else", async () => {
    const { deps, privacy, batches, threadId } = await setup(10);
    const tombstone = await eraseCustomer(deps, scope, request);
    expect(batches).toEqual([4, 4, 2]);
    expect(
      privacy
        .messages()
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(["keep-other-customer", "keep-other-tenant"]);
    expect(tombstone).toMatchObject({ threadId, threadIds: [threadId], messagesErased: 10, requestedBy: "dsr-1" });
    expect(tombstone.completedAtMs).toBe(5_000);
  });

  it("publishes CustomerErased once and keeps the first tombstone when retried", async () => {
    const { deps, published, privacy, threadId } = await setup(3);
    const first = await eraseCustomer(deps, scope, request);
    const again = await eraseCustomer(deps, scope, { ...request, requestedBy: "someone-else" });
    expect(again).toEqual(first);
    expect(await privacy.store.getTombstone(scope, threadId)).toMatchObject({ published: true, requestedBy: "dsr-1" });
    expect(published).toEqual([`erased:t1:${threadId}`]);
  });

  it("resumes an erasure that crashed after its tombstone", async () => {
    const { deps, privacy, published } = await setup(6);
    const failing = {
      ...deps,
      privacy: {
        ...deps.privacy,
        deleteMessageBatch: async () => {
          throw new Error("crash");
        },
      },
    };
    await expect(eraseCustomer(failing, scope, request)).rejects.toThrow("crash");
    expect(published).toEqual([]);
    const tombstone = await eraseCustomer(deps, scope, request);
    expect(tombstone.messagesErased).toBe(6);
    expect(privacy.messages()).toHaveLength(2);
    expect(published).toHaveLength(1);
  });

  it("is not found for another tenant's customer", async () => {
    const { deps } = await setup(2);
    await expect(eraseCustomer(deps, { tenantId: "t2", businessId: "b1" }, request)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
