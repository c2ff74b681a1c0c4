import { createInMemoryEventBus, event } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageVolumeRolledUpEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import { MessageVolumeRolledUp } from "@switchboard/proto/gen/switchboard/events/v1/analytics";
import { describe, expect, it } from "vitest";
import { createInMemoryVolumeStore } from "../store/in-memory-volume-store.ts";
import { busRollupPublisher } from "./rollup-publisher.ts";
import { threadEventHandlers } from "./thread-event-handlers.ts";

const T0 = Date.UTC(2025, 5, 1, 12, 0);
const thread = (tenantId: string) => ({
  tenantId,
  businessId: "waba-1",
  phoneNumberId: "p1",
  customerId: "c1",
  customerWaId: "1555",
});

const outbound = (tenantId: string, messageId: string, payloadTenant = tenantId) =>
  event(OutboundMessageAcceptedEvent, {
    key: "th",
    tenantId,
    data: {
      thread: thread(payloadTenant),
      messageId,
      type: "text",
      bodyJson: "{}",
      contextMessageId: "",
      bizOpaqueCallbackData: "",
      acceptedAtMs: T0 + 1_000,
      hosting: undefined,
    },
  });

const inbound = (tenantId: string, messageId: string) =>
  event(InboundMessageReceivedEvent, {
    key: "th",
    tenantId,
    data: {
      thread: thread(tenantId),
      messageId,
      type: "text",
      messageJson: "{}",
      contactJson: "",
      sentAtMs: 0,
      receivedAtMs: T0 + 2_000,
      hosting: undefined,
    },
  });

describe("thread event handlers", () => {
  it("counts each direction once per message and publishes absolute rollups keyed by bucket", async () => {
    const bus = createInMemoryEventBus();
    const store = createInMemoryVolumeStore();
    await bus.subscribe({ groupId: "analytics", handlers: threadEventHandlers(store, busRollupPublisher(bus)) });
    await bus.publish([outbound("t1", "m1"), outbound("t1", "m1"), inbound("t1", "m2"), outbound("t1", "m3")]);

    const rollups = bus.records
      .filter((r) => r.topic === MessageVolumeRolledUpEvent.topic)
      .map((r) => ({ key: r.key, ...MessageVolumeRolledUp.decode(r.value) }));
    expect(rollups.at(-1)).toEqual({
      key: `t1/p1/outbound/${T0}`,
      tenantId: "t1",
      phoneNumberId: "p1",
      direction: "outbound",
      bucketStartMs: T0,
      count: 2,
    });
    expect(rollups.map((r) => r.count)).toEqual([1, 1, 1, 2]);
    expect(
      await store.listRollups({ tenantId: "t1", businessId: "" }, { phoneNumberId: "", fromMs: T0, toMs: T0 + 60_000 }),
    ).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 2 },
    ]);
  });

  it("dead-letters a payload naming another tenant than its envelope, counting nothing", async () => {
    const bus = createInMemoryEventBus();
    const store = createInMemoryVolumeStore();
    await bus.subscribe({ groupId: "analytics", handlers: threadEventHandlers(store, busRollupPublisher(bus)) });
    await bus.publish([outbound("t1", "m1", "t2")]);
    expect(bus.deadLetters).toHaveLength(1);
    expect(store.eventCount()).toBe(0);
  });
});
