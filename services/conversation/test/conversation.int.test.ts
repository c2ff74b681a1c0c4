// The conversation service's consumer, store and gRPC API against the real Kafka broker and the
// real MongoDB-wire server: events become threads and messages exactly once, and every RPC is
// confined to the caller's tenant.
import { Metadata, status } from "@grpc/grpc-js";
import { callUnary, type EventBus, event } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent, threadKey } from "@switchboard/proto";
import type { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConversationHarness, startConversationHarness } from "./support/conversation-harness.ts";

const anyThreads = {
  phoneNumberId: "",
  pageSize: 0,
  cursor: "",
  hostingMode: "",
  encryptionState: "",
  updatedSinceMs: 0,
};
const tenantA = { tenantId: "tenant-a", businessId: "biz-a" };
const tenantB = { tenantId: "tenant-b", businessId: "biz-b" };

const ref = (scope: typeof tenantA, customer: string) => ({
  tenantId: scope.tenantId,
  businessId: scope.businessId,
  phoneNumberId: "100200300",
  customerId: customer,
  customerWaId: customer,
});

describe("conversation service against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  let h: ConversationHarness;
  let bus: EventBus;
  let client: ConversationServiceClient;

  beforeAll(async () => {
    h = await startConversationHarness(servers, "conv", { clock: Date.now });
    ({ bus, client } = h);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const listThreads = (scope: typeof tenantA) =>
    callUnary("ListThreads", client.listThreads.bind(client), { ...anyThreads, pageSize: 50 }, { scope });

  it("stores a redelivered message once and keeps both directions in one thread", async () => {
    const thread = ref(tenantA, "15550001111");
    const outbound = event(OutboundMessageAcceptedEvent, {
      key: threadKey(thread),
      tenantId: tenantA.tenantId,
      data: {
        thread,
        messageId: "wamid.out-1",
        type: "text",
        bodyJson: '{"text":{"body":"hi"}}',
        contextMessageId: "",
        bizOpaqueCallbackData: "",
        acceptedAtMs: 1_000,
        hosting: { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] },
      },
    });
    const inbound = event(InboundMessageReceivedEvent, {
      key: threadKey(thread),
      tenantId: tenantA.tenantId,
      data: {
        thread,
        messageId: "wamid.in-1",
        type: "text",
        messageJson: '{"text":{"body":"hello back"}}',
        contactJson: "",
        sentAtMs: 1_500,
        receivedAtMs: 2_000,
        hosting: { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] },
      },
    });
    // The same events published twice, as a producer retry or a replay would.
    await bus.publish([outbound, inbound, outbound, inbound]);

    const messages = await eventually(async () => {
      const threads = await listThreads(tenantA);
      const found = threads.threads[0];
      if (!found) throw new Error("no thread yet");
      const page = await callUnary(
        "ListMessages",
        client.listMessages.bind(client),
        { threadId: found.threadId, pageSize: 50, cursor: "" },
        { scope: tenantA },
      );
      if (page.messages.filter((m) => m.direction !== "system").length < 2) throw new Error("not all messages yet");
      return { found, page };
    });
    // Give the duplicates time to be consumed before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const again = await callUnary(
      "ListMessages",
      client.listMessages.bind(client),
      { threadId: messages.found.threadId, pageSize: 50, cursor: "" },
      { scope: tenantA },
    );
    // The thread's hosting notice, once, from its first message; then the two messages, once each.
    expect(again.messages.filter((m) => m.direction === "system")).toHaveLength(1);
    const chat = again.messages.filter((m) => m.direction !== "system");
    expect(chat.map((m) => m.messageId)).toEqual(["wamid.out-1", "wamid.in-1"]);
    expect(chat.map((m) => m.direction)).toEqual(["outbound", "inbound"]);
    expect(chat[0]?.hosting?.encryptionState).toBe("end_to_end");
    const storedThread = await callUnary(
      "GetThread",
      client.getThread.bind(client),
      { threadId: messages.found.threadId },
      { scope: tenantA },
    );
    expect(storedThread.thread?.lastInboundAtMs).toBe(2_000);
    expect(storedThread.thread?.hosting?.encryptionState).toBe("end_to_end");
  });

  it("pages threads with a cursor", async () => {
    const threads = ["15550002001", "15550002002", "15550002003"].map((c) => ref(tenantA, c));
    await bus.publish(
      threads.map((thread, i) =>
        event(InboundMessageReceivedEvent, {
          key: threadKey(thread),
          tenantId: tenantA.tenantId,
          data: {
            thread,
            messageId: `wamid.page-${i}`,
            type: "text",
            messageJson: "{}",
            contactJson: "",
            sentAtMs: 0,
            receivedAtMs: 10,
            hosting: undefined,
          },
        }),
      ),
    );
    await eventually(async () => {
      if ((await listThreads(tenantA)).threads.length < 4) throw new Error("threads not stored yet");
    });
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await callUnary(
        "ListThreads",
        client.listThreads.bind(client),
        { ...anyThreads, pageSize: 2, cursor },
        { scope: tenantA },
      );
      seen.push(...page.threads.map((t) => t.threadId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it("shows tenant B nothing of tenant A, on every RPC", async () => {
    const threadOfA = (await listThreads(tenantA)).threads[0];
    expect(threadOfA).toBeDefined();
    const threadId = threadOfA?.threadId ?? "";
    expect((await listThreads(tenantB)).threads).toEqual([]);
    await expect(
      callUnary("GetThread", client.getThread.bind(client), { threadId }, { scope: tenantB }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      callUnary(
        "ListMessages",
        client.listMessages.bind(client),
        { threadId, pageSize: 10, cursor: "" },
        { scope: tenantB },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    // Same tenant, other business: also nothing.
    await expect(
      callUnary(
        "GetThread",
        client.getThread.bind(client),
        { threadId },
        { scope: { tenantId: tenantA.tenantId, businessId: "biz-other" } },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a call without tenant metadata", async () => {
    const code = await new Promise<number>((resolve) =>
      client.listThreads({ ...anyThreads, pageSize: 1 }, new Metadata(), (error) => resolve(error?.code ?? -1)),
    );
    expect(code).toBe(status.UNAUTHENTICATED);
  });

  it("dead-letters an event whose payload names another tenant than its envelope", async () => {
    const thread = ref(tenantB, "15550009999");
    await bus.publish([
      event(InboundMessageReceivedEvent, {
        key: threadKey(thread),
        tenantId: tenantA.tenantId,
        data: {
          thread,
          messageId: "wamid.spoof",
          type: "text",
          messageJson: "{}",
          contactJson: "",
          sentAtMs: 0,
          receivedAtMs: 1,
          hosting: undefined,
        },
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await listThreads(tenantB)).threads).toEqual([]);
  });
});
