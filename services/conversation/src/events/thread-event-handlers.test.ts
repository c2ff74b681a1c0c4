import { createInMemoryEventBus, event, type InMemoryEventBus } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  MessageStatusReceivedEvent,
  OUTCOME_UNKNOWN_CODE,
  OUTCOME_UNKNOWN_TITLE,
  OutboundMessageAcceptedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { createInMemoryConversationStores } from "../../test/support/in-memory-stores.ts";
import { buildConversationService } from "../conversation-service.ts";
import type { MessageRecord } from "../domain/records.ts";
import { WINDOW_MS } from "../domain/service-window.ts";
import { threadIdOf } from "../domain/thread-id.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

const scope = { tenantId: "t1", businessId: "b1" };
const ref = (customerId = "c1"): ThreadRef => ({
  tenantId: "t1",
  businessId: "b1",
  phoneNumberId: "p1",
  customerId,
  customerWaId: customerId,
});
const T0 = 1_700_000_000_000;

const inbound = (messageId: string, receivedAtMs: number, thread = ref()) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: "t1",
    data: {
      thread,
      messageId,
      type: "text",
      messageJson: "{}",
      sentAtMs: 0,
      receivedAtMs,
      hosting: undefined,
      contactJson: "",
    },
  });
const accepted = (messageId: string, acceptedAtMs: number, type = "text", thread = ref()) =>
  event(OutboundMessageAcceptedEvent, {
    key: threadKey(thread),
    tenantId: "t1",
    data: {
      thread,
      messageId,
      type,
      bodyJson: "{}",
      contextMessageId: "",
      bizOpaqueCallbackData: `cb-${messageId}`,
      acceptedAtMs,
      hosting: undefined,
    },
  });
const status = (messageId: string, value: string, errorsJson = "") =>
  event(MessageStatusReceivedEvent, {
    key: threadKey(ref()),
    tenantId: "t1",
    data: { thread: ref(), messageId, status: value, statusAtMs: T0, errorsJson, bizOpaqueCallbackData: "" },
  });

/** A thread's messages apart from its hosting notices, and how many notices it got. */
const chatOf = (messages: readonly MessageRecord[]) => ({
  chat: messages.filter((m) => m.direction !== "system"),
  notices: messages.filter((m) => m.direction === "system").length,
});

const published = <T>(bus: InMemoryEventBus, definition: { type: string; codec: { decode(b: Uint8Array): T } }) =>
  bus.records
    .filter((r) => r.headers.ce_type === definition.type)
    .map((r) => ({ id: r.headers.ce_id, key: r.key, data: definition.codec.decode(r.value) }));

describe("thread event handlers", () => {
  let bus: InMemoryEventBus;
  let store: ConversationStore;

  beforeEach(async () => {
    bus = createInMemoryEventBus();
    const service = buildConversationService({
      stores: createInMemoryConversationStores(),
      bus,
      logger: pino({ level: "silent" }),
      clock: () => T0,
      consumerGroup: "conversation",
    });
    store = service.stores.conversations;
    await bus.subscribe(service.consumers.threads);
  });

  it("publishes one change per effective status move, never backwards, with the callback data", async () => {
    await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
    await bus.publish(["delivered", "sent", "delivered", "read", "delivered", "failed"].map((s) => status("out-1", s)));
    const changes = published(bus, MessageStatusChangedEvent);
    expect(changes.map((c) => [c.data.previousStatus, c.data.status])).toEqual([
      ["accepted", "delivered"],
      ["delivered", "read"],
    ]);
    expect(changes.map((c) => c.id)).toEqual(["status:out-1:delivered", "status:out-1:read"]);
    expect(changes[0]?.data.bizOpaqueCallbackData).toBe("cb-out-1");
    expect(changes[0]?.key).toBe(threadKey(ref()));
    expect((await store.getMessage(scope, "out-1"))?.status).toBe("read");
  });

  it("parks a status of a message it never stored at once, without retries, and goes on", async () => {
    await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
    await bus.publish([status("wamid.META-unknown", "delivered"), status("out-1", "read")]);
    expect(bus.deadLetters).toHaveLength(1);
    // One attempt: the batch's own (a plain error would be retried alone up to maxAttempts).
    expect(bus.deadLetters[0]?.attempts).toBe(1);
    expect((await store.getMessage(scope, "out-1"))?.status).toBe("read");
  });

  it("keeps failed terminal with Meta's errors", async () => {
    await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
    const errors = '[{"code":131026,"title":"Message undeliverable"}]';
    await bus.publish([status("out-1", "failed", errors), status("out-1", "read"), status("out-1", "failed", "[]")]);
    const changes = published(bus, MessageStatusChangedEvent);
    expect(changes.map((c) => c.data.status)).toEqual(["failed"]);
    expect(changes[0]?.data.errorsJson).toBe(errors);
    expect((await store.getMessage(scope, "out-1"))?.errorsJson).toBe(errors);
  });

  describe("a failure whose outcome the platform could not know (a send's answer was lost)", () => {
    const outcomeUnknown = JSON.stringify([
      {
        code: OUTCOME_UNKNOWN_CODE,
        title: OUTCOME_UNKNOWN_TITLE,
        message: OUTCOME_UNKNOWN_TITLE,
        error_data: { details: "it was not sent again, to avoid a duplicate" },
      },
    ]);
    const moves = () =>
      published(bus, MessageStatusChangedEvent).map((c) => [c.data.previousStatus, c.data.status, c.id]);

    it("gives way to Meta's own later reports, which reach the business as changes", async () => {
      await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
      await bus.publish([status("out-1", "failed", outcomeUnknown)]);
      await bus.publish(["sent", "delivered", "read", "failed"].map((s) => status("out-1", s)));
      expect(moves()).toEqual([
        ["accepted", "failed", "status:out-1:failed"],
        ["failed", "sent", "status:out-1:failed>sent"],
        ["sent", "delivered", "status:out-1:delivered"],
        ["delivered", "read", "status:out-1:read"],
      ]);
      const stored = await store.getMessage(scope, "out-1");
      expect(stored).toMatchObject({ status: "read", errorsJson: "" });
      expect(published(bus, MessageStatusChangedEvent)[1]?.data.bizOpaqueCallbackData).toBe("cb-out-1");
    });

    it("gives way to Meta's real failure, published under its own id with Meta's errors", async () => {
      await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
      const metaErrors = '[{"code":131026,"title":"Message undeliverable"}]';
      await bus.publish([status("out-1", "failed", outcomeUnknown), status("out-1", "failed", outcomeUnknown)]);
      await bus.publish([status("out-1", "failed", metaErrors), status("out-1", "read")]);
      expect(moves()).toEqual([
        ["accepted", "failed", "status:out-1:failed"],
        ["failed", "failed", "status:out-1:failed>failed"],
      ]);
      expect(published(bus, MessageStatusChangedEvent)[1]?.data.errorsJson).toBe(metaErrors);
      expect((await store.getMessage(scope, "out-1"))?.errorsJson).toBe(metaErrors);
    });

    it("never overrides a status Meta already reported", async () => {
      await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
      await bus.publish([
        status("out-1", "delivered"),
        status("out-1", "failed", outcomeUnknown),
        status("out-1", "read"),
      ]);
      expect(moves().map(([from, to]) => [from, to])).toEqual([
        ["accepted", "delivered"],
        ["delivered", "read"],
      ]);
    });

    it("leaves any other failure terminal, Meta's generic 131000 included", async () => {
      await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
      const generic = '[{"code":131000,"title":"Something went wrong","message":"Something went wrong"}]';
      await bus.publish([status("out-1", "failed", generic), status("out-1", "delivered"), status("out-1", "read")]);
      expect(moves().map(([from, to]) => [from, to])).toEqual([["accepted", "failed"]]);
      expect((await store.getMessage(scope, "out-1"))?.status).toBe("failed");
    });
  });

  it("republishes a change whose publish a crash interrupted, with the same id, and only then", async () => {
    await bus.publish([inbound("in-1", T0), accepted("out-1", T0 + 1)]);
    // The crash: the status was stored but its change event never went out.
    await store.writeBatch(scope, {
      messages: [],
      threads: [],
      changes: [
        {
          messageId: "out-1",
          expectedStatus: "accepted",
          set: { previousStatus: "accepted", status: "sent", statusAtMs: T0 },
        },
      ],
    });
    await bus.publish([status("out-1", "sent"), status("out-1", "sent")]);
    expect(published(bus, MessageStatusChangedEvent).map((c) => c.id)).toEqual(["status:out-1:sent"]);
  });

  it("dead-letters a status for a message it never stored", async () => {
    await bus.publish([status("nope", "delivered")]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(published(bus, MessageStatusChangedEvent)).toEqual([]);
  });

  it("lets a free-form send through inside the window, once, even when redelivered", async () => {
    await bus.publish([
      inbound("in-1", T0),
      accepted("out-1", T0 + WINDOW_MS - 1),
      accepted("out-1", T0 + WINDOW_MS - 1),
    ]);
    const ready = published(bus, OutboundMessageReadyToSendEvent);
    expect(ready.map((r) => [r.id, r.data.messageId])).toEqual([["ready:out-1", "out-1"]]);
    expect(published(bus, MessageStatusChangedEvent)).toEqual([]);
  });

  it("fails a free-form send outside the window with 131047 and allows a template", async () => {
    await bus.publish([accepted("never-wrote", T0)]);
    await bus.publish([
      inbound("in-1", T0),
      accepted("late", T0 + WINDOW_MS),
      accepted("tpl", T0 + WINDOW_MS, "template"),
    ]);
    await bus.publish([accepted("late", T0 + WINDOW_MS)]);
    expect(published(bus, OutboundMessageReadyToSendEvent).map((r) => r.data.messageId)).toEqual(["tpl"]);
    const failed = published(bus, MessageStatusChangedEvent);
    expect(failed.map((c) => [c.data.messageId, c.data.previousStatus, c.data.status])).toEqual([
      ["never-wrote", "accepted", "failed"],
      ["late", "accepted", "failed"],
    ]);
    expect(JSON.parse(failed[0]?.data.errorsJson ?? "")[0].code).toBe(131047);
    // A later status report cannot revive it.
    await bus.publish([status("late", "delivered")]);
    expect((await store.getMessage(scope, "late"))?.status).toBe("failed");
  });

  it("relinks a thread to the customer's new identity without losing history", async () => {
    const oldId = threadIdOf("t1", "p1", "c1");
    await bus.publish([inbound("in-1", T0)]);
    await bus.publish([
      event(CustomerIdentityChangedEvent, {
        key: threadKey(ref()),
        tenantId: "t1",
        data: { thread: ref(), newCustomerId: "c2", newCustomerWaId: "w2", changedAtMs: T0 + 5 },
      }),
    ]);
    await bus.publish([inbound("in-2", T0 + 10, ref("c2"))]);
    const thread = await store.getThread(scope, oldId);
    expect(thread).toMatchObject({ threadId: oldId, customerId: "c2", customerWaId: "w2", lastInboundAtMs: T0 + 10 });
    const messages = chatOf((await store.listMessages(scope, { threadId: oldId, limit: 10, cursor: "" })).items);
    expect(messages.chat.map((m) => m.messageId)).toEqual(["in-1", "in-2"]);
    // The thread's first message brought its hosting notice; the new identity's messages add none.
    expect(messages.notices).toBe(1);
    const all = await store.listThreads(scope, { phoneNumberId: "", limit: 10, cursor: "" });
    expect(all.items.map((t) => t.threadId)).toEqual([oldId]);
  });

  it("merges a thread the new identity had already started", async () => {
    const oldId = threadIdOf("t1", "p1", "c1");
    await bus.publish([inbound("in-1", T0), inbound("in-new", T0 + 20, ref("c2"))]);
    await bus.publish([
      event(CustomerIdentityChangedEvent, {
        key: threadKey(ref()),
        tenantId: "t1",
        data: { thread: ref(), newCustomerId: "c2", newCustomerWaId: "w2", changedAtMs: T0 + 5 },
      }),
    ]);
    const all = await store.listThreads(scope, { phoneNumberId: "", limit: 10, cursor: "" });
    expect(all.items.map((t) => [t.threadId, t.lastInboundAtMs])).toEqual([[oldId, T0 + 20]]);
    const messages = chatOf((await store.listMessages(scope, { threadId: oldId, limit: 10, cursor: "" })).items);
    expect(messages.chat.map((m) => [m.messageId, m.threadId])).toEqual([
      ["in-1", oldId],
      ["in-new", oldId],
    ]);
    // Each thread got its notice before the merge; the merged one's comes along with its messages.
    expect(messages.notices).toBe(2);
    // The merged id reads as the kept thread.
    expect((await store.getThread(scope, threadIdOf("t1", "p1", "c2")))?.threadId).toBe(oldId);
  });
});
