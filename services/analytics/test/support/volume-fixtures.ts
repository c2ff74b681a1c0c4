// Small factories for analytics tests: counted events for the store and the planner, thread
// events as a consumer receives them (for calling the batch handler directly, at chosen offsets)
// and as a producer publishes them. Test support only: nothing in src/ may import it.
import { event, type OutgoingEvent, type ReceivedEvent } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import type { CountedEvent } from "../../src/domain/counted-event.ts";
import type { Direction } from "../../src/domain/volume.ts";

export const T0 = Date.UTC(2025, 5, 1, 12, 0);
export const THREAD_TOPIC = OutboundMessageAcceptedEvent.topic;

export const countedEvent = (overrides: Partial<CountedEvent> = {}): CountedEvent => ({
  tenantId: "tenant-a",
  businessId: "waba-a",
  direction: "outbound",
  messageId: "m1",
  phoneNumberId: "p1",
  bucketStartMs: T0,
  delivery: { topic: THREAD_TOPIC, partition: 0, offset: "0" },
  ...overrides,
});

export interface MessageSpec {
  tenantId: string;
  messageId: string;
  direction: Direction;
  phoneNumberId?: string;
  businessId?: string;
  customerId?: string;
  atMs?: number;
  /** The tenant the payload claims, when it should differ from the envelope's. */
  payloadTenantId?: string;
}

const threadOf = (m: MessageSpec) => ({
  tenantId: m.payloadTenantId ?? m.tenantId,
  businessId: m.businessId ?? `waba-${m.tenantId}`,
  phoneNumberId: m.phoneNumberId ?? "p1",
  customerId: m.customerId ?? "c1",
  customerWaId: "1555",
});

const keyOf = (m: MessageSpec) => `${m.tenantId}/${m.phoneNumberId ?? "p1"}/${m.customerId ?? "c1"}`;

const outboundData = (m: MessageSpec) => ({
  thread: threadOf(m),
  messageId: m.messageId,
  type: "text",
  bodyJson: "{}",
  contextMessageId: "",
  bizOpaqueCallbackData: "",
  acceptedAtMs: m.atMs ?? T0 + 1_000,
  hosting: undefined,
});

const inboundData = (m: MessageSpec) => ({
  thread: threadOf(m),
  messageId: m.messageId,
  type: "text",
  messageJson: "{}",
  contactJson: "",
  sentAtMs: 0,
  receivedAtMs: m.atMs ?? T0 + 1_000,
  hosting: undefined,
});

/** The thread event a producer publishes for `m`. */
export function threadEvent(m: MessageSpec): OutgoingEvent {
  const common = { key: keyOf(m), tenantId: m.tenantId };
  return m.direction === "outbound"
    ? event(OutboundMessageAcceptedEvent, { ...common, data: outboundData(m) })
    : event(InboundMessageReceivedEvent, { ...common, data: inboundData(m) });
}

/** The thread event for `m` as a consumer receives it at (partition, offset). */
export function receivedEvent(m: MessageSpec, partition: number, offset: number | string): ReceivedEvent<unknown> {
  const definition = m.direction === "outbound" ? OutboundMessageAcceptedEvent : InboundMessageReceivedEvent;
  return {
    id: `${m.tenantId}/${m.direction}/${m.messageId}/${offset}`,
    type: definition.type,
    source: "/switchboard/test",
    time: new Date(T0),
    tenantId: m.tenantId,
    key: keyOf(m),
    data: m.direction === "outbound" ? outboundData(m) : inboundData(m),
    topic: definition.topic,
    partition,
    offset: String(offset),
    traceHeaders: {},
  };
}
