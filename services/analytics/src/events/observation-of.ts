// Maps a consumed event to what analytics counts, checking its tenant first: the envelope's tenant
// is authoritative (ingress, or catalog for orders, set it), and a payload naming another tenant
// fails the kit's `threadScope` check as permanent — dead-lettered, never counted. Must stay
// deterministic and free of I/O: the exactness argument (domain/count-plan.ts) relies on a
// rejected event never being recorded. Returns undefined for events that count nothing (a `sent`
// or `deleted` status). The platform's provisional "outcome unknown" failure counts as
// `outcome_unknown`, not `failed`. Orders are counted from catalog's order events only; a
// customer's `order` message counts as a received message like any other (never twice).
import { isEventOf, PermanentEventError, type ReceivedEvent, threadScope } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  isOutcomeUnknown,
  MessageStatusReceivedEvent,
  OrderStatusChangedEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { CountedStatus, Observation, ThreadParty } from "../domain/observation.ts";
import { orderTotalsOf } from "../domain/order-value.ts";
import { UNKNOWN } from "../domain/rollup-key.ts";

export const COUNTED_EVENTS = [
  InboundMessageReceivedEvent,
  OutboundMessageAcceptedEvent,
  MessageStatusReceivedEvent,
  OrderStatusChangedEvent,
];
/** The topics those events arrive on: the thread events and the order events. */
export const COUNTED_TOPICS = [...new Set(COUNTED_EVENTS.map((definition) => definition.topic))];

const COUNTED_STATUSES = new Set<string>(["delivered", "read", "failed"]);
const CATEGORIES = new Set(["marketing", "utility", "authentication", "service"]);

export function observationOf(event: ReceivedEvent<unknown>): Observation | undefined {
  const common = {
    arrivedAtMs: event.time.getTime(),
    delivery: { topic: event.topic, partition: event.partition, offset: event.offset },
  };
  if (isEventOf(OutboundMessageAcceptedEvent, event)) {
    const d = event.data;
    const category = d.pricingCategory ?? "";
    return {
      ...common,
      kind: "message",
      thread: partyOf(event, d.thread),
      direction: "outbound",
      messageId: d.messageId,
      messageType: d.type || UNKNOWN,
      pricingCategory: CATEGORIES.has(category) ? category : d.type === "template" ? UNKNOWN : "service",
      ...hostingOf(d.hosting),
      atMs: d.acceptedAtMs,
    };
  }
  if (isEventOf(InboundMessageReceivedEvent, event)) {
    const d = event.data;
    const referred = d.referredProduct;
    return {
      ...common,
      kind: "message",
      thread: partyOf(event, d.thread),
      direction: "inbound",
      messageId: d.messageId,
      messageType: d.type || UNKNOWN,
      // A customer-initiated exchange is a service conversation in Meta's pricing.
      pricingCategory: "service",
      ...hostingOf(d.hosting),
      atMs: d.receivedAtMs,
      ...(referred?.catalogId && referred.productRetailerId
        ? { referredProduct: { catalogId: referred.catalogId, retailerId: referred.productRetailerId } }
        : {}),
    };
  }
  if (isEventOf(MessageStatusReceivedEvent, event)) {
    const d = event.data;
    const thread = partyOf(event, d.thread);
    if (!COUNTED_STATUSES.has(d.status)) return undefined;
    const category = d.pricingCategory ?? "";
    return {
      ...common,
      kind: "status",
      thread,
      messageId: d.messageId,
      // The platform's guess is not a failure Meta reported: counted apart (observation.ts).
      status: d.status === "failed" && isOutcomeUnknown(d.errorsJson) ? "outcome_unknown" : (d.status as CountedStatus),
      errorCode: errorCodeOf(d.errorsJson),
      pricingCategory: CATEGORIES.has(category) ? category : "",
      atMs: d.statusAtMs,
    };
  }
  if (isEventOf(OrderStatusChangedEvent, event)) {
    const d = event.data;
    if (!d.orderId) throw new PermanentEventError("order event without an order id");
    return {
      ...common,
      kind: "order",
      thread: partyOf(event, d.thread),
      orderId: d.orderId,
      ...hostingOf(d.hosting),
      // Events published before catalog carried the placing time: the transition's own time.
      atMs: d.placedAtMs || d.changedAtMs,
      totals: orderTotalsOf(d.lines),
    };
  }
  throw new PermanentEventError(`not a counted event type: ${event.type}`);
}

function partyOf(event: ReceivedEvent<unknown>, thread: ThreadParty | undefined): ThreadParty {
  const checked = threadScope(event, thread).thread;
  return {
    tenantId: event.tenantId,
    businessId: checked.businessId,
    phoneNumberId: checked.phoneNumberId,
    customerId: checked.customerId,
    customerWaId: checked.customerWaId,
  };
}

function hostingOf(hosting: HostingSnapshot | undefined) {
  return {
    hostingMode: hosting?.hostingMode || UNKNOWN,
    encryptionState: hosting?.encryptionState || UNKNOWN,
  };
}

function errorCodeOf(errorsJson: string): string {
  try {
    const errors = JSON.parse(errorsJson) as unknown;
    const code = Array.isArray(errors) ? (errors[0] as { code?: unknown } | undefined)?.code : undefined;
    return typeof code === "number" || (typeof code === "string" && /^\w{1,32}$/.test(code)) ? String(code) : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}
