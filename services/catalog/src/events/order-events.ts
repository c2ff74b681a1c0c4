// What an order revision owes the rest of the platform: its status transition as an
// OrderStatusChanged (the business's webhook; analytics counts orders and their value from it), a release command per line it gave back, and the
// customer's automatic reply when the number wants one. Ids
// are deterministic (`order:<id>@<version>`, `release:<order>#<line>`), so publishing them again
// after a crash is recognised downstream, and the stock keeper releases a line at most once.
import { event, type OutgoingEvent } from "@switchboard/kit";
import { OrderStatusChangedEvent, StockCommandEvent } from "@switchboard/proto";
import { productIdOf, stockCommandIdOf } from "../domain/commerce-ids.ts";
import { type OrderState, priceMismatchOf } from "../domain/order.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { orderReply } from "./order-reply.ts";

export function stockCommand(order: OrderState, line: number, kind: "reserve" | "release"): OutgoingEvent | undefined {
  const item = order.lines[line];
  if (!item) return undefined;
  const scope = { tenantId: order.tenantId, businessId: order.businessId };
  return event(StockCommandEvent, {
    id: stockCommandIdOf(kind, order.orderId, line),
    key: productIdOf(scope, order.catalogId, item.retailerId),
    tenantId: order.tenantId,
    data: {
      product: { ...scope, catalogId: order.catalogId, retailerId: item.retailerId },
      orderId: order.orderId,
      line,
      kind,
      quantity: item.quantity,
    },
  });
}

/** The events a revision owes; publishing them twice is harmless. */
export function orderRevisionEvents(revision: Versioned<OrderState>): OutgoingEvent[] {
  const order = revision.state;
  const events: OutgoingEvent[] = [];
  if (order.transition) {
    events.push(
      event(OrderStatusChangedEvent, {
        id: `order:${order.orderId}@${revision.version}`,
        key: order.orderId,
        tenantId: order.tenantId,
        data: {
          thread: order.thread,
          orderId: order.orderId,
          messageId: order.messageId,
          catalogId: order.catalogId,
          fromStatus: order.transition.from,
          toStatus: order.transition.to,
          version: revision.version,
          unavailableRetailerIds: order.lines.filter((l) => l.state === "unavailable").map((l) => l.retailerId),
          priceMismatch: priceMismatchOf(order),
          changedAtMs: order.transition.atMs,
          // Fixed at intake: every version carries the same (analytics counts the order from the first it sees).
          placedAtMs: order.createdAtMs,
          // A revision stored without hosting reads back as null, which the encoder would refuse.
          hosting: order.hosting ?? undefined,
          lines: order.lines.map((l) => ({
            retailerId: l.retailerId,
            quantity: l.quantity,
            itemPriceMinor: l.itemPriceMinor,
            currency: l.currency,
          })),
        },
      }),
    );
  }
  for (const line of order.releases) {
    const command = stockCommand(order, line, "release");
    if (command) events.push(command);
  }
  const reply = orderReply(revision);
  if (reply) events.push(reply);
  return events;
}

/** Reserve commands for the lines still waiting for an answer. */
export function reserveCommands(order: OrderState): OutgoingEvent[] {
  return order.lines.flatMap((line, index) => {
    const command = line.state === "pending" ? stockCommand(order, index, "reserve") : undefined;
    return command ? [command] : [];
  });
}
