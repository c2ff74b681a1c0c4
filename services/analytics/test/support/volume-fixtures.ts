// Small factories for analytics tests: thread events as a producer publishes them and as a
// consumer receives them (for calling the batch handler directly, at chosen offsets), and facts
// for the store contract. Test support only: nothing in src/ may import it.
import { event, type OutgoingEvent, type ReceivedEvent } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OrderStatusChangedEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import type { Fact } from "../../src/domain/fact.ts";
import type { RollupKey } from "../../src/domain/rollup-key.ts";

export const T0 = Date.UTC(2025, 5, 1, 12, 0);
export const THREAD_TOPIC = OutboundMessageAcceptedEvent.topic;

export interface ThreadSpec {
  tenantId: string;
  businessId?: string;
  phoneNumberId?: string;
  customerId?: string;
  customerWaId?: string;
  /** The tenant the payload claims, when it should differ from the envelope's. */
  payloadTenantId?: string;
}

export type EventSpec = ThreadSpec &
  (
    | { kind: "outbound"; messageId: string; atMs: number; type?: string; hostingMode?: string; category?: string }
    | { kind: "inbound"; messageId: string; atMs: number; type?: string; hostingMode?: string; messageJson?: string }
    | {
        kind: "status";
        messageId: string;
        atMs: number;
        status: string;
        errorCode?: number;
        errorTitle?: string;
        category?: string;
      }
    | {
        /** Catalog's OrderStatusChanged of order `orderId` (placed from message `messageId`). */
        kind: "order";
        messageId: string;
        orderId: string;
        version: number;
        toStatus: string;
        /** The transition's time; `placedAtMs` is when the order was placed (every version the same). */
        atMs: number;
        placedAtMs: number;
        hostingMode?: string;
        lines: OrderLineSpec[];
      }
  ) & {
    /** When the event reaches the log (its envelope time); defaults to `atMs`. */
    arrivedAtMs?: number;
  };

export interface OrderLineSpec {
  quantity: number;
  itemPriceMinor: number;
  currency: string;
}

export const ENCRYPTION: Record<string, string> = {
  on_premises: "end_to_end",
  cloud: "provider_accessible",
  bsp: "provider_accessible",
};

export const threadKeyOf = (s: ThreadSpec) => `${s.tenantId}/${s.phoneNumberId ?? "p1"}/${s.customerId ?? "c1"}`;

const threadOf = (s: ThreadSpec) => ({
  tenantId: s.payloadTenantId ?? s.tenantId,
  businessId: s.businessId ?? `waba-${s.tenantId}`,
  phoneNumberId: s.phoneNumberId ?? "p1",
  customerId: s.customerId ?? "c1",
  customerWaId: s.customerWaId ?? "15551230000",
});

const hostingOf = (mode: string | undefined) =>
  mode === undefined ? undefined : { hostingMode: mode, encryptionState: ENCRYPTION[mode] ?? "", processors: [] };

function payloadOf(s: EventSpec) {
  const thread = threadOf(s);
  if (s.kind === "outbound") {
    return {
      definition: OutboundMessageAcceptedEvent,
      data: {
        thread,
        messageId: s.messageId,
        type: s.type ?? "text",
        bodyJson: "{}",
        contextMessageId: "",
        bizOpaqueCallbackData: "",
        acceptedAtMs: s.atMs,
        hosting: hostingOf(s.hostingMode),
        ...(s.category === undefined ? {} : { pricingCategory: s.category }),
      },
    } as const;
  }
  if (s.kind === "inbound") {
    return {
      definition: InboundMessageReceivedEvent,
      data: {
        thread,
        messageId: s.messageId,
        type: s.type ?? "text",
        messageJson: s.messageJson ?? "{}",
        contactJson: "",
        sentAtMs: s.atMs,
        receivedAtMs: s.atMs,
        hosting: hostingOf(s.hostingMode),
      },
    } as const;
  }
  if (s.kind === "order") {
    return {
      definition: OrderStatusChangedEvent,
      data: {
        thread,
        orderId: s.orderId,
        messageId: s.messageId,
        catalogId: "cat-1",
        fromStatus: s.version === 1 ? "" : "pending",
        toStatus: s.toStatus,
        version: s.version,
        unavailableRetailerIds: [],
        priceMismatch: false,
        changedAtMs: s.atMs,
        placedAtMs: s.placedAtMs,
        hosting: hostingOf(s.hostingMode),
        lines: s.lines.map((l, i) => ({ retailerId: `sku-${i}`, ...l })),
      },
    } as const;
  }
  return {
    definition: MessageStatusReceivedEvent,
    data: {
      thread,
      messageId: s.messageId,
      status: s.status,
      statusAtMs: s.atMs,
      errorsJson: s.errorCode === undefined ? "" : JSON.stringify([{ code: s.errorCode, title: s.errorTitle ?? "x" }]),
      bizOpaqueCallbackData: "",
      ...(s.category === undefined ? {} : { pricingCategory: s.category }),
    },
  } as const;
}

/** An order's events are keyed by order (catalog's key), the rest by thread. */
const keyOfSpec = (s: EventSpec) => (s.kind === "order" ? s.orderId : threadKeyOf(s));

/** The thread (or order) event a producer publishes for `s`. */
export function threadEvent(s: EventSpec): OutgoingEvent {
  const { definition, data } = payloadOf(s);
  const common = { key: keyOfSpec(s), tenantId: s.tenantId, time: new Date(s.arrivedAtMs ?? s.atMs) };
  // Each definition with its own payload: the union above keeps them paired.
  return event(definition as typeof OutboundMessageAcceptedEvent, { ...common, data: data as never });
}

/** The thread event for `s` as a consumer receives it at (partition, offset). */
export function receivedEvent(s: EventSpec, partition: number, offset: number | string): ReceivedEvent<unknown> {
  const { definition, data } = payloadOf(s);
  return {
    id: `${s.tenantId}/${s.kind}/${s.messageId}/${offset}`,
    type: definition.type,
    source: "/switchboard/test",
    time: new Date(s.arrivedAtMs ?? s.atMs),
    tenantId: s.tenantId,
    key: keyOfSpec(s),
    data,
    topic: definition.topic,
    partition,
    offset: String(offset),
    traceHeaders: {},
  };
}

export const rollupKey = (overrides: Partial<RollupKey> = {}): RollupKey => ({
  tenantId: "tenant-a",
  businessId: "waba-a",
  phoneNumberId: "p1",
  direction: "outbound",
  messageType: "text",
  pricingCategory: "service",
  hostingMode: "cloud",
  encryptionState: "provider_accessible",
  countryCode: "1",
  bucketStartMs: T0,
  late: false,
  ...overrides,
});

export const fact = (overrides: Partial<Fact> = {}): Fact => {
  const tenantId = overrides.tenantId ?? overrides.key?.tenantId ?? "tenant-a";
  return {
    id: `${tenantId}|sent|m1`,
    tenantId,
    key: rollupKey({ tenantId }),
    measures: { sent: 1 },
    delivery: { topic: THREAD_TOPIC, partition: 0, offset: "0" },
    ...overrides,
  };
};
