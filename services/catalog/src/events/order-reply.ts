// The automatic reply to a customer whose order was just decided, as the accepted send a business
// would have made: OutboundMessageAccepted on the thread topic, so conversation stores it in the
// thread, applies the 24-hour window, and the upstream sender delivers it like any other text. Its
// wamid derives from the order revision, so a republished revision is the same message.
import { createHash } from "node:crypto";
import { event, type OutgoingEvent } from "@switchboard/kit";
import { OutboundMessageAcceptedEvent, threadKey } from "@switchboard/proto";
import type { OrderState } from "../domain/order.ts";
import type { Versioned } from "../store/revision-chain.ts";

const items = (order: OrderState, state: "reserved" | "unavailable") =>
  order.lines
    .filter((l) => l.state === state || (state === "unavailable" && l.state === "released"))
    .map((l) => `${l.quantity} × ${l.retailerId}`)
    .join(", ");

export function replyText(order: OrderState): string | undefined {
  switch (order.transition?.to) {
    case "confirmed":
      return `Thank you! Your order is confirmed: ${items(order, "reserved")}.`;
    case "partially_confirmed":
      return `Thank you! We can send part of your order: ${items(order, "reserved")}. Not available: ${items(order, "unavailable")}.`;
    case "rejected":
      return `Sorry, we cannot take your order: ${items(order, "unavailable")} is not available.`;
    default:
      return undefined;
  }
}

/** The reply a decided order owes its customer, when the number has automatic replies on. */
export function orderReply(revision: Versioned<OrderState>): OutgoingEvent | undefined {
  const order = revision.state;
  const text = order.autoReply ? replyText(order) : undefined;
  if (!text) return undefined;
  const messageId = `wamid.${createHash("sha256").update(`${order.orderId}@${revision.version}`).digest("base64url").slice(0, 32)}`;
  const to = order.thread.customerWaId || order.thread.customerId;
  return event(OutboundMessageAcceptedEvent, {
    id: messageId,
    key: threadKey(order.thread),
    tenantId: order.tenantId,
    data: {
      thread: order.thread,
      messageId,
      type: "text",
      bodyJson: JSON.stringify({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        type: "text",
        text: { body: text },
      }),
      contextMessageId: order.messageId,
      bizOpaqueCallbackData: "",
      acceptedAtMs: order.transition?.atMs ?? order.createdAtMs,
      hosting: order.hosting,
    },
  });
}
