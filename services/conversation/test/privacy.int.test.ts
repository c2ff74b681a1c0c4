// Privacy controls against the real Kafka broker and MongoDB-wire server, wired as main.ts wires
// them: a STOP message or the opt-out RPC blocks marketing templates with 131050 (and nothing is
// made ready to send) until an opt-in; export returns one customer's data and nothing of another
// customer or tenant; erasure deletes, leaves a tombstone and publishes CustomerErased once even
// when retried; retention deletes only a tenant's older messages; every RPC is tenant-confined.
import { callUnary, type EventBus, EventHandlers, event } from "@switchboard/kit";
import {
  CustomerErasedEvent,
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  OutboundMessageAcceptedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import type { ConversationServiceClient } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, runRetention } from "../src/privacy/retention-job.ts";
import { type ConversationHarness, startConversationHarness } from "./support/conversation-harness.ts";

const A = { tenantId: "tenant-a", businessId: "biz-a" };
const B = { tenantId: "tenant-b", businessId: "biz-b" };
const NUMBER = "100200300";
const NOW = 400 * DAY_MS;
const cloud = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const ref = (scope: typeof A, customerId: string): ThreadRef => ({
  ...scope,
  phoneNumberId: NUMBER,
  customerId,
  customerWaId: customerId,
});
const inbound = (thread: ThreadRef, messageId: string, atMs: number, body = "hi") =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type: "text",
      messageJson: JSON.stringify({ text: { body } }),
      contactJson: "",
      sentAtMs: atMs,
      receivedAtMs: atMs,
      hosting: cloud,
    },
  });
const template = (thread: ThreadRef, messageId: string, atMs: number, name: string) =>
  event(OutboundMessageAcceptedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type: "template",
      bodyJson: JSON.stringify({ type: "template", template: { name, language: { code: "en_US" } } }),
      contextMessageId: "",
      bizOpaqueCallbackData: "",
      acceptedAtMs: atMs,
      hosting: cloud,
    },
  });

describe("privacy controls against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  let h: ConversationHarness;
  let bus: EventBus;
  let client: ConversationServiceClient;
  const statuses: { messageId: string; status: string; errorsJson: string }[] = [];
  const ready: string[] = [];
  const erased: { id: string; threadIds: string[] }[] = [];

  beforeAll(async () => {
    h = await startConversationHarness(servers, "privacy", {
      clock: Date.now,
      observer: new EventHandlers()
        .on(MessageStatusChangedEvent, async (e) => {
          statuses.push({ messageId: e.data.messageId, status: e.data.status, errorsJson: e.data.errorsJson });
        })
        .on(OutboundMessageReadyToSendEvent, async (e) => {
          ready.push(e.data.messageId);
        })
        .on(CustomerErasedEvent, async (e) => {
          erased.push({ id: e.id, threadIds: e.data.threadIds });
        }),
    });
    ({ bus, client } = h);
    for (const scope of [A, B]) {
      await callUnary(
        "SetMarketingTemplates",
        client.setMarketingTemplates.bind(client),
        { templateNames: ["spring_sale"] },
        { scope },
      );
    }
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  const customer = (phoneNumberId: string, customerId: string) => ({ phoneNumberId, customerId });
  const exportOf = (scope: typeof A, customerId: string) =>
    callUnary(
      "ExportCustomerData",
      client.exportCustomerData.bind(client),
      { ...customer(NUMBER, customerId), pageSize: 0, cursor: "" },
      { scope },
    );
  const grpcCode = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: { code?: unknown; grpcCode?: unknown }) => error,
    );

  it("fails a marketing template after STOP with 131050 and never makes it ready; opt-in restores", async () => {
    const now = Date.now();
    const thread = ref(A, "15550000001");
    await bus.publish([
      inbound(thread, "wamid.stop-in", now, " stop "),
      template(thread, "wamid.promo-1", now + 1, "spring_sale"),
      template(thread, "wamid.receipt-1", now + 2, "order_receipt"),
    ]);
    const failed = await eventually(() => {
      const found = statuses.find((s) => s.messageId === "wamid.promo-1");
      if (!found) throw new Error("no status yet");
      return found;
    });
    expect(failed.status).toBe("failed");
    expect(JSON.parse(failed.errorsJson)[0]).toMatchObject({ code: 131050 });
    await eventually(() => expect(ready).toContain("wamid.receipt-1"));
    expect(ready).not.toContain("wamid.promo-1");
    // The same STOP customer of tenant B is a different customer: B's marketing still goes.
    await bus.publish([template(ref(B, "15550000001"), "wamid.b-promo", now + 3, "spring_sale")]);
    await eventually(() => expect(ready).toContain("wamid.b-promo"));

    const optIn = await callUnary("OptInCustomer", client.optInCustomer.bind(client), customer(NUMBER, "15550000001"), {
      scope: A,
    });
    expect(optIn.marketing).toMatchObject({ optedOut: false, source: "api" });
    await bus.publish([template(thread, "wamid.promo-2", Date.now(), "spring_sale")]);
    await eventually(() => expect(ready).toContain("wamid.promo-2"));

    // The opt-out API call does what STOP does.
    await callUnary("OptOutCustomer", client.optOutCustomer.bind(client), customer(NUMBER, "15550000001"), {
      scope: A,
    });
    await bus.publish([template(thread, "wamid.promo-3", Date.now(), "spring_sale")]);
    await eventually(() => expect(statuses.find((s) => s.messageId === "wamid.promo-3")?.status).toBe("failed"));
    expect(ready).not.toContain("wamid.promo-3");
    expect(statuses.filter((s) => s.messageId === "wamid.promo-1")).toHaveLength(1);
  }, 60_000);

  it("exports one customer's data and nothing of another customer or tenant", async () => {
    const now = Date.now();
    await bus.publish([
      inbound(ref(A, "15550000002"), "wamid.exp-a1", now, "mine"),
      inbound(ref(A, "15550000002"), "wamid.exp-a2", now + 1, "also mine"),
      inbound(ref(A, "15550000003"), "wamid.exp-other", now + 2, "another customer"),
    ]);
    const data = await eventually(async () => {
      const found = await exportOf(A, "15550000002");
      expect(found.messages.map((m) => m.messageId)).toEqual(expect.arrayContaining(["wamid.exp-a1", "wamid.exp-a2"]));
      return found;
    });
    expect(data.thread?.customerId).toBe("15550000002");
    expect(data.hostingHistory.length).toBeGreaterThan(0);
    expect(data.messages.every((m) => m.hosting?.hostingMode !== undefined)).toBe(true);
    expect(data.messages.map((m) => m.messageId)).not.toContain("wamid.exp-other");
    expect(data.marketing).toMatchObject({ optedOut: false });
    expect(data.tombstones).toEqual([]);
    // Tenant B asking for the same number and customer finds nothing.
    expect(await grpcCode(exportOf(B, "15550000002"))).toMatchObject({ code: "not_found" });
  }, 60_000);

  it("erases a customer in batches, leaves a tombstone and publishes CustomerErased once when retried", async () => {
    const now = Date.now();
    const thread = ref(A, "15550000004");
    await bus.publish([
      ...Array.from({ length: 12 }, (_, i) => inbound(thread, `wamid.erase-${i}`, now + i)),
      inbound(ref(B, "15550000004"), "wamid.erase-b", now),
    ]);
    await eventually(async () => expect((await exportOf(A, "15550000004")).messages.length).toBeGreaterThanOrEqual(12));
    await eventually(async () => expect((await exportOf(B, "15550000004")).messages.length).toBeGreaterThanOrEqual(1));
    // Another tenant cannot erase A's customer (it is B's own, different customer that it reaches).
    expect(
      await grpcCode(
        callUnary(
          "EraseCustomer",
          client.eraseCustomer.bind(client),
          { ...customer(NUMBER, "15550000099"), requestedBy: "b-operator" },
          { scope: B },
        ),
      ),
    ).toMatchObject({ code: "not_found" });

    const request = { ...customer(NUMBER, "15550000004"), requestedBy: "dsr-42" };
    const first = await callUnary("EraseCustomer", client.eraseCustomer.bind(client), request, { scope: A });
    const again = await callUnary(
      "EraseCustomer",
      client.eraseCustomer.bind(client),
      { ...request, requestedBy: "x" },
      { scope: A },
    );
    // 12 messages plus the hosting notice at the thread's first message.
    expect(first.tombstone).toMatchObject({ requestedBy: "dsr-42", messagesErased: 13 });
    expect(first.tombstone?.completedAtMs).toBeGreaterThan(0);
    expect(again.tombstone).toEqual(first.tombstone);

    const after = await exportOf(A, "15550000004");
    expect(after.thread).toBeUndefined();
    expect(after.messages).toEqual([]);
    expect(after.tombstones).toEqual([first.tombstone]);
    expect(JSON.stringify(after.tombstones)).not.toContain("hi");
    // B's customer with the same number is untouched.
    expect((await exportOf(B, "15550000004")).messages.length).toBeGreaterThanOrEqual(1);

    await eventually(() =>
      expect(erased.filter((e) => e.threadIds.includes(first.tombstone?.threadId ?? ""))).toHaveLength(1),
    );
    // Give a wrongly repeated publish time to arrive before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(erased.filter((e) => e.threadIds.includes(first.tombstone?.threadId ?? ""))).toHaveLength(1);
  }, 60_000);

  it("retention deletes only the older messages of the tenant that set it", async () => {
    const setRetention = (scope: typeof A, days: number) =>
      callUnary("SetRetentionPolicy", client.setRetentionPolicy.bind(client), { retentionDays: days }, { scope });
    expect(await grpcCode(setRetention(A, -1))).toMatchObject({ code: "invalid_argument" });
    await setRetention(A, 30);
    await setRetention(B, 0);
    const old = NOW - 31 * DAY_MS;
    const recent = NOW - 29 * DAY_MS;
    await bus.publish([
      inbound(ref(A, "15550000005"), "wamid.ret-old", old),
      inbound(ref(A, "15550000005"), "wamid.ret-new", recent),
      inbound(ref(B, "15550000005"), "wamid.ret-b-old", old),
    ]);
    await eventually(async () => {
      expect((await exportOf(A, "15550000005")).messages.map((m) => m.messageId)).toContain("wamid.ret-new");
      expect((await exportOf(B, "15550000005")).messages.map((m) => m.messageId)).toContain("wamid.ret-b-old");
    });
    const { privacy, conversations } = h.service.stores;
    const results = await runRetention({ privacy, conversations, clock: () => NOW, batchSize: 2 });
    expect(results.map((r) => r.tenantId)).toEqual(["tenant-a"]);
    const left = (await exportOf(A, "15550000005")).messages.map((m) => m.messageId);
    expect(left).toContain("wamid.ret-new");
    expect(left).not.toContain("wamid.ret-old");
    expect((await exportOf(B, "15550000005")).messages.map((m) => m.messageId)).toContain("wamid.ret-b-old");
    expect(await privacy.getRetentionRun({ tenantId: "tenant-a", businessId: "" })).toMatchObject({
      lastRunAtMs: NOW,
    });
  }, 60_000);
});
