// The upstream sender with in-memory adapters: a ready-to-send event becomes `sent` and, through
// the simulator, later statuses and replies; an upstream refusal becomes `failed` with Meta's code.
// A business's mark-read is forwarded once, however often its event is delivered.
import { createInMemoryEventBus, createLogger, event, type InMemoryEventBus } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageReadByBusinessEvent,
  MessageStatusReceivedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { manualClock } from "./simulator/clock.ts";
import { createSimulatorChannel } from "./simulator/simulator-channel.ts";
import { publishSimulatorUpdates } from "./simulator-updates.ts";
import type { ReadResult, UpstreamChannel, UpstreamRead } from "./upstream-channel.ts";
import { UPSTREAM_SENDER_GROUP, upstreamSenderHandlers } from "./upstream-sender.ts";

const logger = createLogger({ service: "test", level: "silent" });
const thread = { tenantId: "t1", businessId: "b1", phoneNumberId: "100", customerId: "1555", customerWaId: "1555" };
const hosting = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };

const readyToSend = (messageId: string) =>
  event(OutboundMessageReadyToSendEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type: "text",
      bodyJson: '{"type":"text","text":{"body":"hi"}}',
      bizOpaqueCallbackData: "cb-1",
      hosting,
    },
  });

/** For channels of tests about sends: a mark-read is not what they exercise. */
const noReads = async (): Promise<ReadResult> => {
  throw new Error("no mark-read expected");
};

const readByBusiness = (messageId: string, options: { id?: string; payloadTenant?: string } = {}) =>
  event(MessageReadByBusinessEvent, {
    ...(options.id === undefined ? {} : { id: options.id }),
    key: `${thread.tenantId}/${thread.phoneNumberId}`,
    tenantId: thread.tenantId,
    data: {
      tenantId: options.payloadTenant ?? thread.tenantId,
      businessId: thread.businessId,
      phoneNumberId: thread.phoneNumberId,
      messageId,
      typingIndicator: true,
      readAtMs: 5_000,
    },
  });

/** A channel that records mark-reads and answers each with the next of `answers` (then ok). */
function readRecorder(answers: ReadResult[] = []) {
  const reads: UpstreamRead[] = [];
  const channel: UpstreamChannel = {
    send: async () => {
      throw new Error("no send expected");
    },
    markRead: async (read) => {
      reads.push(read);
      return answers.shift() ?? { ok: true };
    },
  };
  return { reads, channel };
}

const statuses = (bus: InMemoryEventBus) =>
  bus.records
    .filter((r) => r.headers.ce_type === MessageStatusReceivedEvent.type)
    .map((r) => MessageStatusReceivedEvent.codec.decode(r.value));

describe("upstream sender", () => {
  it("reports sent, then the simulator's delivered and read, and publishes its reply", async () => {
    const bus = createInMemoryEventBus();
    const clock = manualClock(5_000);
    const delays = { deliveredMs: [100, 100], readMs: [200, 200], replyMs: [300, 300] } as const;
    const channel = createSimulatorChannel({
      seed: 1,
      clock,
      delays: { deliveredMs: [...delays.deliveredMs], readMs: [...delays.readMs], replyMs: [...delays.replyMs] },
      failureRate: 0,
      readRate: 1,
      replyRate: 1,
      onUpdate: publishSimulatorUpdates(bus, logger),
    });
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({
        channel,
        bus,
        logger,
        messageIds: createInMemoryUpstreamMessageIds(),
        now: clock.now,
      }),
    });
    await bus.publish([readyToSend("wamid.s1")]);
    clock.advance(1_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(statuses(bus).map((s) => [s.status, s.statusAtMs, s.bizOpaqueCallbackData])).toEqual([
      ["sent", 5_000, "cb-1"],
      ["delivered", 5_100, "cb-1"],
      ["read", 5_300, "cb-1"],
    ]);
    const reply = bus.records.find((r) => r.headers.ce_type === InboundMessageReceivedEvent.type);
    const data = reply && InboundMessageReceivedEvent.codec.decode(reply.value);
    expect(data?.thread).toEqual(thread);
    expect(data?.hosting).toEqual(hosting);
    expect(JSON.parse(data?.messageJson ?? "{}")).toMatchObject({ context: { id: "wamid.s1" }, type: "text" });
  });

  it("records Meta's id when the upstream assigns its own, and reports sent under ours", async () => {
    const bus = createInMemoryEventBus();
    const messageIds = createInMemoryUpstreamMessageIds();
    const cloud: UpstreamChannel = {
      send: async () => ({ ok: true, upstreamMessageId: "wamid.meta-77" }),
      markRead: noReads,
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({ channel: cloud, bus, logger, messageIds }),
    });
    await bus.publish([readyToSend("wamid.ours-77")]);
    expect(statuses(bus).map((s) => [s.messageId, s.status])).toEqual([["wamid.ours-77", "sent"]]);
    expect(await messageIds.ourIds("t1", ["wamid.meta-77"])).toEqual(new Map([["wamid.meta-77", "wamid.ours-77"]]));
  });

  it("does not send a redelivered message twice, and reports the same sent event again", async () => {
    const bus = createInMemoryEventBus();
    let sends = 0;
    const cloud: UpstreamChannel = {
      send: async () => {
        sends++;
        return { ok: true, upstreamMessageId: `wamid.meta-${sends}` };
      },
      markRead: noReads,
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({ channel: cloud, bus, logger, messageIds: createInMemoryUpstreamMessageIds() }),
    });
    await bus.publish([readyToSend("wamid.once"), readyToSend("wamid.once")]);
    expect(sends).toBe(1);
    const sent = bus.records.filter((r) => r.headers.ce_type === MessageStatusReceivedEvent.type);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.headers.ce_id).toBe(sent[1]?.headers.ce_id);
  });

  it("publishes failed with Meta's error when the upstream refuses", async () => {
    const bus = createInMemoryEventBus();
    const refusing: UpstreamChannel = {
      send: async () => ({
        ok: false,
        failure: {
          code: 131009,
          title: "Parameter value is not valid",
          message: "bad",
          details: "to",
          httpStatus: 400,
        },
      }),
      markRead: noReads,
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({
        channel: refusing,
        bus,
        logger,
        messageIds: createInMemoryUpstreamMessageIds(),
      }),
    });
    await bus.publish([readyToSend("wamid.s2")]);
    const [failed] = statuses(bus);
    expect(failed?.status).toBe("failed");
    expect(JSON.parse(failed?.errorsJson ?? "[]")).toEqual([
      { code: 131009, title: "Parameter value is not valid", message: "bad", error_data: { details: "to" } },
    ]);
  });

  it("never drops a message when the channel throws: the event is retried, then dead-lettered", async () => {
    const bus = createInMemoryEventBus();
    let attempts = 0;
    const broken: UpstreamChannel = {
      send: async () => {
        attempts++;
        throw new Error("bug");
      },
      markRead: noReads,
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      maxAttempts: 3,
      handlers: upstreamSenderHandlers({
        channel: broken,
        bus,
        logger,
        messageIds: createInMemoryUpstreamMessageIds(),
      }),
    });
    await bus.publish([readyToSend("wamid.s3")]);
    // Retried as a batch, then alone (the kit isolates a poison event), never given up silently.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(bus.deadLetters).toHaveLength(1);
    expect(statuses(bus)).toEqual([]);
  });

  it("forwards a mark-read with its typing indicator once, however often the event is delivered", async () => {
    const bus = createInMemoryEventBus();
    const { reads, channel } = readRecorder();
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({ channel, bus, logger, messageIds: createInMemoryUpstreamMessageIds() }),
    });
    await bus.publish([readByBusiness("wamid.customer-1", { id: "read-1" })]);
    await bus.publish([readByBusiness("wamid.customer-1", { id: "read-1" })]); // redelivered
    await bus.publish([readByBusiness("wamid.customer-1", { id: "read-2" })]); // asked again
    expect(reads).toEqual([
      { tenantId: "t1", businessId: "b1", phoneNumberId: "100", messageId: "wamid.customer-1", typingIndicator: true },
      { tenantId: "t1", businessId: "b1", phoneNumberId: "100", messageId: "wamid.customer-1", typingIndicator: true },
    ]);
    expect(bus.deadLetters).toEqual([]);
    // A read publishes nothing: Meta reports a business's own reads to no one.
    expect(bus.records.filter((r) => r.headers.ce_type !== MessageReadByBusinessEvent.type)).toEqual([]);
  });

  it("parks a mark-read the upstream refuses at once, and retries one it could not reach", async () => {
    const bus = createInMemoryEventBus();
    const refusal = {
      code: 100,
      title: "Invalid parameter",
      message: "Invalid parameter",
      details: "",
      httpStatus: 400,
    };
    const unreachable = { ...refusal, code: 131000, httpStatus: 0 };
    const { reads, channel } = readRecorder([
      { ok: false, failure: refusal },
      { ok: false, failure: unreachable },
      { ok: false, failure: unreachable },
    ]);
    const messageIds = createInMemoryUpstreamMessageIds();
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      maxAttempts: 3,
      handlers: upstreamSenderHandlers({ channel, bus, logger, messageIds }),
    });
    await bus.publish([readByBusiness("wamid.refused", { id: "read-refused" })]);
    expect(reads).toHaveLength(1);
    expect(bus.deadLetters).toHaveLength(1);
    await bus.publish([readByBusiness("wamid.flaky", { id: "read-flaky" })]);
    // Two unreachable attempts, then the third goes through.
    expect(reads.map((r) => r.messageId)).toEqual(["wamid.refused", "wamid.flaky", "wamid.flaky", "wamid.flaky"]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(await messageIds.wasForwarded("t1", "read:read-flaky")).toBe(true);
    expect(await messageIds.wasForwarded("t1", "read:read-refused")).toBe(false);
  });

  it("never forwards a mark-read whose payload names another tenant than its envelope", async () => {
    const bus = createInMemoryEventBus();
    const { reads, channel } = readRecorder();
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({ channel, bus, logger, messageIds: createInMemoryUpstreamMessageIds() }),
    });
    await bus.publish([readByBusiness("wamid.other", { payloadTenant: "t2" })]);
    expect(reads).toEqual([]);
    expect(bus.deadLetters).toHaveLength(1);
  });
});
