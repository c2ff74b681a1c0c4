// Statuses, the 24-hour window and identity relinks against the real Kafka broker and the real
// MongoDB-wire server: duplicate and out-of-order status reports end in the right state with
// exactly the right change events, free-form sends outside the window fail with 131047, and a
// relinked thread keeps its history.
import { callUnary } from "@switchboard/kit";
import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WINDOW_MS } from "../src/domain/service-window.ts";
import { threadIdOf } from "../src/domain/thread-id.ts";
import { type ConversationHarness, startConversationHarness } from "./support/conversation-harness.ts";
import {
  acceptedEvent,
  identityChangedEvent,
  inboundEvent,
  statusEvent,
  threadRef,
} from "./support/thread-event-factories.ts";

const NOW = 1_800_000_000_000;
const tenant = { tenantId: "tenant-s", businessId: "biz-s" };
const HOUR = 60 * 60 * 1000;

describe("statuses, window and relinks against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  let h: ConversationHarness;

  beforeAll(async () => {
    h = await startConversationHarness(servers, "convstatus", { clock: () => NOW });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Everything published before a sentinel on the same thread key is consumed before it. */
  const settle = async (thread: ReturnType<typeof threadRef>, sentinel: string) => {
    await h.bus.publish([acceptedEvent(thread, sentinel, NOW), statusEvent(thread, sentinel, "sent")]);
    await eventually(async () => {
      if (!h.statusChanges.some((e) => e.data.messageId === sentinel)) throw new Error("sentinel not seen yet");
    });
  };
  const changesOf = (thread: ReturnType<typeof threadRef>) =>
    h.statusChanges
      .filter((e) => e.data.thread?.customerId === thread.customerId && !e.data.messageId.startsWith("sentinel"))
      .map((e) => `${e.data.messageId}:${e.data.previousStatus}>${e.data.status}`);

  it("applies duplicate and out-of-order status reports monotonically, one change event each", async () => {
    const thread = threadRef(tenant, "15550100001");
    const errors = '[{"code":131026,"title":"Message undeliverable"}]';
    const reports = [
      statusEvent(thread, "m-delivered-first", "delivered"),
      statusEvent(thread, "m-delivered-first", "sent"),
      statusEvent(thread, "m-read-first", "read"),
      statusEvent(thread, "m-read-first", "delivered"),
      statusEvent(thread, "m-failed-first", "failed", errors),
      statusEvent(thread, "m-failed-first", "read"),
      statusEvent(thread, "m-dupes", "sent"),
      statusEvent(thread, "m-dupes", "sent"),
      statusEvent(thread, "m-dupes", "delivered"),
      statusEvent(thread, "m-dupes", "delivered"),
    ];
    await h.bus.publish([
      inboundEvent(thread, "in-1", NOW - HOUR),
      ...["m-delivered-first", "m-read-first", "m-failed-first", "m-dupes"].map((id) => acceptedEvent(thread, id, NOW)),
      ...reports,
    ]);
    await settle(thread, "sentinel-1");
    const expected = [
      "m-delivered-first:accepted>delivered",
      "m-read-first:accepted>read",
      "m-failed-first:accepted>failed",
      "m-dupes:accepted>sent",
      "m-dupes:sent>delivered",
    ];
    expect(changesOf(thread)).toEqual(expected);

    // The whole batch redelivered, as after a crash before the offset commit: nothing new.
    await h.bus.publish(reports);
    await settle(thread, "sentinel-2");
    expect(changesOf(thread)).toEqual(expected);

    const failed = h.statusChanges.find((e) => e.data.messageId === "m-failed-first");
    expect(failed?.data.errorsJson).toBe(errors);
    expect(failed?.id).toBe("status:m-failed-first:failed");
    expect(h.statusChanges.find((e) => e.data.messageId === "m-dupes")?.data.bizOpaqueCallbackData).toBe("cb:m-dupes");

    const threadId = threadIdOf(tenant.tenantId, thread.phoneNumberId, thread.customerId);
    const page = await callUnary(
      "ListMessages",
      h.client.listMessages.bind(h.client),
      { threadId, pageSize: 50, cursor: "" },
      { scope: tenant },
    );
    const statusOf = Object.fromEntries(page.messages.map((m) => [m.messageId, m.status]));
    expect(statusOf).toMatchObject({
      "m-delivered-first": "delivered",
      "m-read-first": "read",
      "m-failed-first": "failed",
      "m-dupes": "delivered",
    });
  });

  it("lets Meta's reports supersede a provisional failure (outcome unknown), in the store too", async () => {
    const thread = threadRef(tenant, "15550100002");
    const unknown = JSON.stringify([{ code: OUTCOME_UNKNOWN_CODE, title: OUTCOME_UNKNOWN_TITLE, message: "x" }]);
    const generic = '[{"code":131000,"title":"Something went wrong"}]';
    await h.bus.publish([
      inboundEvent(thread, "in-2", NOW - HOUR),
      acceptedEvent(thread, "m-lost-answer", NOW),
      acceptedEvent(thread, "m-really-failed", NOW),
      statusEvent(thread, "m-lost-answer", "failed", unknown),
      statusEvent(thread, "m-really-failed", "failed", generic),
    ]);
    await settle(thread, "sentinel-3");
    // Meta's own reports arrive in a later batch: the provisional failure is read back from the store.
    await h.bus.publish(
      ["m-lost-answer", "m-really-failed"].flatMap((id) => [
        statusEvent(thread, id, "delivered"),
        statusEvent(thread, id, "read"),
      ]),
    );
    await settle(thread, "sentinel-4");
    expect(changesOf(thread)).toEqual([
      "m-lost-answer:accepted>failed",
      "m-really-failed:accepted>failed",
      "m-lost-answer:failed>delivered",
      "m-lost-answer:delivered>read",
    ]);
    const threadId = threadIdOf(tenant.tenantId, thread.phoneNumberId, thread.customerId);
    const page = await callUnary(
      "ListMessages",
      h.client.listMessages.bind(h.client),
      { threadId, pageSize: 50, cursor: "" },
      { scope: tenant },
    );
    const statusOf = Object.fromEntries(page.messages.map((m) => [m.messageId, m.status]));
    expect(statusOf).toMatchObject({ "m-lost-answer": "read", "m-really-failed": "failed" });
  });

  it("sends inside the window, fails free-form sends outside it with 131047, allows templates", async () => {
    const open = threadRef(tenant, "15550200001");
    const never = threadRef(tenant, "15550200002");
    const stale = threadRef(tenant, "15550200003");
    await h.bus.publish([
      inboundEvent(open, "w-in-open", NOW - HOUR),
      acceptedEvent(open, "w-open-text", NOW),
      acceptedEvent(never, "w-never-text", NOW),
      acceptedEvent(never, "w-never-template", NOW, "template"),
      inboundEvent(stale, "w-in-stale", NOW - WINDOW_MS - HOUR),
      acceptedEvent(stale, "w-stale-text", NOW),
    ]);
    await eventually(async () => {
      const ready = h.readyToSend.map((e) => e.data.messageId);
      const failed = h.statusChanges.map((e) => e.data.messageId);
      if (!["w-open-text", "w-never-template"].every((id) => ready.includes(id))) throw new Error("ready pending");
      if (!["w-never-text", "w-stale-text"].every((id) => failed.includes(id))) throw new Error("failed pending");
    });
    const ready = h.readyToSend.filter((e) => e.data.messageId.startsWith("w-"));
    expect(ready.map((e) => e.data.messageId).sort()).toEqual(["w-never-template", "w-open-text"]);
    expect(ready.find((e) => e.data.messageId === "w-open-text")?.id).toBe("ready:w-open-text");
    const failed = h.statusChanges.filter((e) => e.data.messageId.startsWith("w-"));
    expect(failed.map((e) => [e.data.messageId, e.data.previousStatus, e.data.status]).sort()).toEqual([
      ["w-never-text", "accepted", "failed"],
      ["w-stale-text", "accepted", "failed"],
    ]);
    for (const change of failed) {
      expect(JSON.parse(change.data.errorsJson)).toEqual([
        {
          code: 131047,
          title: "Re-engagement message",
          message: "Re-engagement message",
          error_data: {
            details:
              "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
        },
      ]);
    }
    const windowOf = async (thread: ReturnType<typeof threadRef>) =>
      (
        await callUnary(
          "GetThread",
          h.client.getThread.bind(h.client),
          { threadId: threadIdOf(tenant.tenantId, thread.phoneNumberId, thread.customerId) },
          { scope: tenant },
        )
      ).thread;
    expect(await windowOf(open)).toMatchObject({ windowOpen: true, windowExpiresAtMs: NOW - HOUR + WINDOW_MS });
    expect(await windowOf(never)).toMatchObject({ windowOpen: false, windowExpiresAtMs: 0 });
    expect(await windowOf(stale)).toMatchObject({ windowOpen: false });
  });

  it("relinks a thread to the customer's new identity without losing history", async () => {
    const before = threadRef(tenant, "15550300001");
    const after = threadRef(tenant, "bsuid.300001");
    const keptId = threadIdOf(tenant.tenantId, before.phoneNumberId, before.customerId);
    await h.bus.publish([
      inboundEvent(before, "r-in-1", NOW - 3 * HOUR),
      acceptedEvent(before, "r-out-1", NOW - 2 * HOUR),
      identityChangedEvent(before, after.customerId, NOW - HOUR),
    ]);
    await eventually(async () => {
      const thread = await h.service.stores.conversations.getThread(tenant, keptId);
      if (thread?.customerId !== after.customerId) throw new Error("not relinked yet");
    });
    await h.bus.publish([inboundEvent(after, "r-in-2", NOW - 30 * 60 * 1000)]);
    const messages = await eventually(async () => {
      const page = await callUnary(
        "ListMessages",
        h.client.listMessages.bind(h.client),
        { threadId: keptId, pageSize: 50, cursor: "" },
        { scope: tenant },
      );
      const chat = page.messages.filter((m) => m.direction !== "system");
      if (chat.length < 3) throw new Error("new identity's message not in the kept thread yet");
      return page.messages;
    });
    // The kept thread's hosting notice, from its first message; the new identity brings none.
    expect(messages.filter((m) => m.direction === "system").map((m) => m.threadId)).toEqual([keptId]);
    expect(messages.filter((m) => m.direction !== "system").map((m) => [m.messageId, m.threadId])).toEqual([
      ["r-in-1", keptId],
      ["r-out-1", keptId],
      ["r-in-2", keptId],
    ]);
    const thread = (
      await callUnary("GetThread", h.client.getThread.bind(h.client), { threadId: keptId }, { scope: tenant })
    ).thread;
    expect(thread).toMatchObject({ customerId: after.customerId, lastInboundAtMs: NOW - 30 * 60 * 1000 });
    const newId = threadIdOf(tenant.tenantId, after.phoneNumberId, after.customerId);
    expect(await h.service.stores.conversations.getThread(tenant, newId)).toMatchObject({ threadId: keptId });
    // Another tenant cannot follow the alias.
    expect(
      await h.service.stores.conversations.getThread({ tenantId: "tenant-x", businessId: "" }, newId),
    ).toBeUndefined();
  });
});
