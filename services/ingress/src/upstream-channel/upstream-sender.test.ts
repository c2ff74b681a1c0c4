// The upstream sender with in-memory adapters: a ready-to-send event becomes `sent` and, through
// the simulator, later statuses and replies; an upstream refusal becomes `failed` with Meta's code.
import { createInMemoryEventBus, createLogger, event, type InMemoryEventBus } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryUpstreamMessageIds } from "../upstream/upstream-message-ids.ts";
import { manualClock } from "./simulator/clock.ts";
import { createSimulatorChannel } from "./simulator/simulator-channel.ts";
import { publishSimulatorUpdates } from "./simulator-updates.ts";
import type { UpstreamChannel } from "./upstream-channel.ts";
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
      handlers: upstreamSenderHandlers({ channel, bus, logger, now: clock.now }),
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
    const cloud: UpstreamChannel = { send: async () => ({ ok: true, upstreamMessageId: "wamid.meta-77" }) };
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
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      handlers: upstreamSenderHandlers({ channel: refusing, bus, logger }),
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
    };
    await bus.subscribe({
      groupId: UPSTREAM_SENDER_GROUP,
      maxAttempts: 3,
      handlers: upstreamSenderHandlers({ channel: broken, bus, logger }),
    });
    await bus.publish([readyToSend("wamid.s3")]);
    expect(attempts).toBe(3);
    expect(bus.deadLetters).toHaveLength(1);
    expect(statuses(bus)).toEqual([]);
  });
});
