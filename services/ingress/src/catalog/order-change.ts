// An order transition (OrderStatusChanged from the catalog) as a `changes[]` item of the
// business's webhook. Meta has no order-status webhook: ours rides in the `messages` field like
// `statuses` do, as `order_statuses[]` — the order's id, the wamid of the customer's order
// message, the new and previous status, the retailer ids that could not be reserved, and whether
// a price differed from the catalog. Pure: no I/O, no clock.
import type { OrderStatusChanged } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import type { GraphChange, PhoneMetadata } from "../business-webhooks/graph-change.ts";

export function orderStatusChange(event: OrderStatusChanged, metadata: PhoneMetadata): GraphChange {
  const thread = event.thread;
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata,
      order_statuses: [
        {
          id: event.orderId,
          message_id: event.messageId,
          catalog_id: event.catalogId,
          status: event.toStatus,
          previous_status: event.fromStatus,
          timestamp: String(Math.floor(event.changedAtMs / 1000)),
          recipient_id: thread?.customerWaId || thread?.customerId || "",
          unavailable_items: event.unavailableRetailerIds.map((id) => ({ product_retailer_id: id })),
          price_mismatch: event.priceMismatch,
        },
      ],
    },
  };
}
