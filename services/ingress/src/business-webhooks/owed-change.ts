// What one consumed event owes its business, before any lookup: the thread it is about, the
// delivery id and how to build the Meta-shaped change once the number's metadata is known. Pure:
// no store, no clock. Delivery ids come from the content, not the envelope id: the same message
// or the same status of a message published twice (a producer retry, a replay) is still owed to
// the business once.
import { isEventOf, type ReceivedEvent } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  OrderStatusChangedEvent,
  SystemMessageAddedEvent,
} from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { orderStatusChange } from "../catalog/order-change.ts";
import { type GraphChange, inboundChange, type PhoneMetadata, statusChange, systemChange } from "./graph-change.ts";

/** The event types the business-webhook intake turns into deliveries. */
export const OWED_CHANGE_EVENTS = [
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  SystemMessageAddedEvent,
  // Order transitions come from the catalog's order topic, one delivery per order version.
  OrderStatusChangedEvent,
];

export interface OwedChange {
  /** As the payload names it; the intake checks it against the envelope's tenant. */
  thread: ThreadRef | undefined;
  deliveryId: string;
  build: (metadata: PhoneMetadata) => GraphChange;
}

/** Throws for an event type the intake does not handle (the dispatcher isolates that event). */
export function owedChangeOf(event: ReceivedEvent<unknown>): OwedChange {
  if (isEventOf(InboundMessageReceivedEvent, event)) {
    const { data } = event;
    return { thread: data.thread, deliveryId: `msg:${data.messageId}`, build: (m) => inboundChange(data, m) };
  }
  if (isEventOf(MessageStatusChangedEvent, event)) {
    const { data } = event;
    return {
      thread: data.thread,
      deliveryId: `status:${data.messageId}:${data.status}`,
      build: (m) => statusChange(data, m),
    };
  }
  if (isEventOf(SystemMessageAddedEvent, event)) {
    const { data } = event;
    return { thread: data.thread, deliveryId: `msg:${data.messageId}`, build: (m) => systemChange(data, m) };
  }
  if (isEventOf(OrderStatusChangedEvent, event)) {
    const { data } = event;
    return {
      thread: data.thread,
      deliveryId: `order:${data.orderId}@${data.version}`,
      build: (m) => orderStatusChange(data, m),
    };
  }
  throw new Error(`not a business-webhook event: ${event.type}`);
}
