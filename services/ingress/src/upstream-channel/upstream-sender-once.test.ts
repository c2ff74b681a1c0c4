// The upstream sender sends a message at most once: a redelivered event whose earlier send left no
// outcome is never sent again (it waits while that send may still run, then reports `failed` with
// "outcome unknown"), and a store failure right after Meta accepted does not cause a second send.
import { AppError, createInMemoryEventBus, createLogger, event, type InMemoryEventBus } from "@switchboard/kit";
import { MessageStatusReceivedEvent, OutboundMessageReadyToSendEvent, threadKey } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import type { SendResult, UpstreamChannel, UpstreamMessage } from "./upstream-channel.ts";
import { outcomeUnknown, SEND_LEASE_MS, upstreamSenderHandlers } from "./upstream-sender.ts";

const logger = createLogger({ service: "test", level: "silent" });
const thread = { tenantId: "t1", businessId: "b1", phoneNumberId: "100", customerId: "1555", customerWaId: "1555" };

const readyToSend = (messageId: string) =>
  event(OutboundMessageReadyToSendEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: { thread, messageId, type: "text", bodyJson: "{}", bizOpaqueCallbackData: "", hosting: undefined },
  });

function countingChannel(answer: () => Promise<SendResult>) {
  const sent: UpstreamMessage[] = [];
  const channel: UpstreamChannel = {
    send: async (message) => {
      sent.push(message);
      return answer();
    },
    markRead: async () => ({ ok: true }),
  };
  return { sent, channel };
}

const statuses = (bus: InMemoryEventBus) =>
  bus.records
    .filter((r) => r.headers.ce_type === MessageStatusReceivedEvent.type)
    .map((r) => MessageStatusReceivedEvent.codec.decode(r.value));

const serverSelection = () => Object.assign(new Error("no server"), { name: "MongoServerSelectionError" });

describe("upstream sender: at most once", () => {
  it("never resends a redelivered message whose earlier send has no outcome; reports it unknown after the lease", async () => {
    const bus = createInMemoryEventBus();
    const messageIds = createInMemoryUpstreamMessageIds();
    // The earlier send recorded its intent, then the process died before Meta's answer was stored.
    await messageIds.recordSendIntents(thread.tenantId, ["wamid.crashed"], 1_000);
    const { sent, channel } = countingChannel(async () => ({ ok: true, upstreamMessageId: "wamid.meta" }));
    let clock = 1_000 + SEND_LEASE_MS;
    await bus.subscribe({
      groupId: "g",
      handlers: upstreamSenderHandlers({ channel, bus, logger, messageIds, now: () => clock++ }),
    });
    await bus.publish([readyToSend("wamid.crashed")]);
    expect(sent).toHaveLength(0);
    const [failed] = statuses(bus);
    expect(failed?.status).toBe("failed");
    expect(JSON.parse(failed?.errorsJson ?? "[]")[0]).toMatchObject({
      code: outcomeUnknown.code,
      title: "Delivery outcome unknown",
    });
    expect(bus.deadLetters).toHaveLength(0);
  });

  it("waits, without sending, while the earlier send may still be running elsewhere", async () => {
    const bus = createInMemoryEventBus();
    const messageIds = createInMemoryUpstreamMessageIds();
    await messageIds.recordSendIntents(thread.tenantId, ["wamid.slow"], 1_000);
    const { sent, channel } = countingChannel(async () => ({ ok: true, upstreamMessageId: "wamid.meta" }));
    const handlers = upstreamSenderHandlers({ channel, bus, logger, messageIds, now: () => 2_000 });
    const registration = handlers.get(OutboundMessageReadyToSendEvent.type);
    if (registration?.kind !== "batch") throw new Error("a batch handler");
    const received = {
      ...readyToSend("wamid.slow"),
      id: "e1",
      type: OutboundMessageReadyToSendEvent.type,
      source: "/t",
      time: new Date(),
      topic: OutboundMessageReadyToSendEvent.topic,
      partition: 0,
      offset: "0",
      traceHeaders: {},
    };
    // Transient: the dispatcher retries it (never dead-letters) until the outcome is known.
    await expect(registration.handle([received as never])).rejects.toSatisfy(
      (error: unknown) => error instanceof AppError && error.code === "unavailable",
    );
    expect(sent).toHaveLength(0);
  });

  it("stores Meta's id through a store outage after the send instead of sending again", async () => {
    const bus = createInMemoryEventBus();
    const inner = createInMemoryUpstreamMessageIds();
    let failures = 3;
    const messageIds = {
      ...inner,
      rememberSent: async (tenantId: string, sent: Parameters<typeof inner.rememberSent>[1]) => {
        if (failures-- > 0) throw serverSelection();
        await inner.rememberSent(tenantId, sent);
      },
    };
    const { sent, channel } = countingChannel(async () => ({ ok: true, upstreamMessageId: "wamid.meta" }));
    await bus.subscribe({
      groupId: "g",
      handlers: upstreamSenderHandlers({ channel, bus, logger, messageIds, sleep: async () => {} }),
    });
    await bus.publish([readyToSend("wamid.once")]);
    expect(sent).toHaveLength(1);
    expect(await inner.upstreamIdOf(thread.tenantId, "wamid.once")).toBe("wamid.meta");
    expect(statuses(bus).map((s) => s.status)).toEqual(["sent"]);
  });
});
