// Hosting notices and the audit trail through the real Kafka broker and MongoDB-wire server, wired
// as main.ts wires them: a thread's first message brings its initial notice, a hosting change adds
// an entry and a notice, GetAuditTrail names who could read a message stored before and after the
// change, and another tenant (or business) sees none of it.
import { callUnary, type EventBus, EventHandlers, event } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  PhoneNumberHostingChangedEvent,
  SystemMessageAddedEvent,
  threadKey,
} from "@switchboard/proto";
import {
  type ConversationServiceClient,
  ListThreadsRequest,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { InboundMessageReceived, type SystemMessageAdded } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostingNoticeText } from "../src/hosting/hosting-notice-text.ts";
import { type ConversationHarness, startConversationHarness } from "./support/conversation-harness.ts";

const tenantA = { tenantId: "tenant-a", businessId: "biz-a" };
const tenantB = { tenantId: "tenant-b", businessId: "biz-b" };
const PHONE = "100200300";
const cloud = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const bsp = {
  hostingMode: "bsp",
  encryptionState: "provider_accessible",
  processors: ["business", "meta", "bsp:acme"],
};
const ref = (scope: typeof tenantA, customer: string) => ({
  tenantId: scope.tenantId,
  businessId: scope.businessId,
  phoneNumberId: PHONE,
  customerId: customer,
  customerWaId: customer,
});
const inbound = (scope: typeof tenantA, customer: string, messageId: string, atMs: number, hosting = cloud) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(ref(scope, customer)),
    tenantId: scope.tenantId,
    // fromPartial: fields this test does not care about keep their defaults.
    data: InboundMessageReceived.fromPartial({
      thread: ref(scope, customer),
      messageId,
      type: "text",
      messageJson: '{"text":{"body":"hi"}}',
      contactJson: "",
      sentAtMs: atMs,
      receivedAtMs: atMs,
      hosting,
    }),
  });

describe("hosting notices and audit trail against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  let h: ConversationHarness;
  let bus: EventBus;
  let client: ConversationServiceClient;
  const notices: SystemMessageAdded[] = [];

  beforeAll(async () => {
    h = await startConversationHarness(servers, "hostaudit", {
      clock: Date.now,
      observer: new EventHandlers().on(SystemMessageAddedEvent, async (e) => void notices.push(e.data)),
    });
    ({ bus, client } = h);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const threadOf = async (scope: typeof tenantA) => {
    const page = await callUnary(
      "ListThreads",
      client.listThreads.bind(client),
      ListThreadsRequest.fromPartial({ pageSize: 10 }),
      { scope },
    );
    const thread = page.threads[0];
    if (!thread) throw new Error("no thread yet");
    return thread;
  };
  const getThread = (scope: typeof tenantA, threadId: string) =>
    callUnary("GetThread", client.getThread.bind(client), { threadId }, { scope });
  const audit = (scope: typeof tenantA, messageId: string) =>
    callUnary("GetAuditTrail", client.getAuditTrail.bind(client), { messageId }, { scope });

  it("adds the initial notice at a thread's first message, once", async () => {
    const first = inbound(tenantA, "15550001111", "wamid.before", 1_000);
    await bus.publish([first, first]);
    const thread = await eventually(async () => {
      const found = await threadOf(tenantA);
      const messages = await callUnary(
        "ListMessages",
        client.listMessages.bind(client),
        { threadId: found.threadId, pageSize: 10, cursor: "" },
        { scope: tenantA },
      );
      if (messages.messages.length < 2) throw new Error("notice not stored yet");
      return { found, messages: messages.messages };
    });
    expect(thread.messages.map((m) => m.direction)).toEqual(["system", "inbound"]);
    expect(JSON.parse(thread.messages[0]?.bodyJson ?? "{}").system.body).toBe(hostingNoticeText("cloud"));
    const history = (await getThread(tenantA, thread.found.threadId)).hostingHistory;
    expect(history.map((h) => [h.changeId, h.to?.hostingMode, h.atMs])).toEqual([["initial", "cloud", 1_000]]);
    await eventually(async () => {
      if (notices.length < 1) throw new Error("no notice event yet");
    });
    expect(notices.map((n) => n.text)).toEqual([hostingNoticeText("cloud")]);
  });

  it("fans a change out and answers the audit trail for messages before and after it", async () => {
    const thread = await threadOf(tenantA);
    await bus.publish([
      event(PhoneNumberHostingChangedEvent, {
        key: `${tenantA.tenantId}/${PHONE}`,
        tenantId: tenantA.tenantId,
        id: "chg-to-bsp",
        data: {
          tenantId: tenantA.tenantId,
          businessId: tenantA.businessId,
          phoneNumberId: PHONE,
          from: cloud,
          to: bsp,
          reason: "moved to a partner",
          changedBy: "admin@tenant-a",
          changedAtMs: 5_000,
        },
      }),
    ]);
    const after = await eventually(async () => {
      const found = await getThread(tenantA, thread.threadId);
      if (found.hostingHistory.length < 2) throw new Error("change not fanned out yet");
      return found;
    });
    expect(after.hostingHistory.map((h) => h.changeId)).toEqual(["initial", "chg-to-bsp"]);
    expect(after.hostingHistory[1]).toMatchObject({ reason: "moved to a partner", changedBy: "admin@tenant-a" });
    expect(after.thread?.hosting?.hostingMode).toBe("bsp");
    // List views and their hosting filters show the state in force now, not the first snapshot.
    const listed = (mode: string) =>
      callUnary(
        "ListThreads",
        client.listThreads.bind(client),
        ListThreadsRequest.fromPartial({ pageSize: 10, hostingMode: mode }),
        { scope: tenantA },
      );
    expect((await listed("bsp")).threads.map((t) => [t.threadId, t.hosting?.hostingMode])).toEqual([
      [thread.threadId, "bsp"],
    ]);
    expect((await listed("cloud")).threads).toEqual([]);
    await bus.publish([inbound(tenantA, "15550001111", "wamid.after", 6_000, bsp)]);

    const before = await audit(tenantA, "wamid.before");
    expect(before.hosting?.processors).toEqual(["business", "meta"]);
    expect(before.inForce?.changeId).toBe("initial");
    expect(before.nextChange?.changeId).toBe("chg-to-bsp");
    const later = await eventually(() => audit(tenantA, "wamid.after"));
    expect(later.hosting?.processors).toEqual(["business", "meta", "bsp:acme"]);
    expect(later.hosting?.encryptionState).toBe("provider_accessible");
    expect(later.inForce?.changeId).toBe("chg-to-bsp");
    expect(later.nextChange).toBeUndefined();
    await eventually(async () => {
      if (notices.length < 2) throw new Error("no change notice event yet");
    });
    expect(notices.map((n) => n.text)).toEqual([hostingNoticeText("cloud"), hostingNoticeText("bsp")]);
  });

  it("shows another tenant or business none of it", async () => {
    const thread = await threadOf(tenantA);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: { code: string }) => e.code,
      );
    expect(await code(audit(tenantB, "wamid.before"))).toBe("not_found");
    expect(await code(getThread(tenantB, thread.threadId))).toBe("not_found");
    const otherBusiness = { tenantId: tenantA.tenantId, businessId: "biz-other" };
    expect(await code(audit(otherBusiness, "wamid.before"))).toBe("not_found");
    // Tenant B's own message with the same id answers with B's data only.
    await bus.publish([inbound(tenantB, "15550002222", "wamid.before", 2_000, bsp)]);
    const ofB = await eventually(() => audit(tenantB, "wamid.before"));
    expect(ofB.hosting?.processors).toEqual(["business", "meta", "bsp:acme"]);
    expect(ofB.inForce?.changeId).toBe("initial");
    const threadOfB = await threadOf(tenantB);
    expect((await getThread(tenantB, threadOfB.threadId)).hostingHistory.map((h) => h.changeId)).toEqual(["initial"]);
    expect((await audit(tenantA, "wamid.before")).hosting?.processors).toEqual(["business", "meta"]);
  });
});
