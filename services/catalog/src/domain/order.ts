// An order taken in chat and the lifecycle it moves along. The order is stored as a revision
// chain like stock (one insert per change, a collision means someone else changed it first), so
// the consumer deciding reservations and the RPCs moving it to paid or cancelled never overwrite
// each other. Each revision records the transition it made and the releases it owes, so a
// redelivery can publish them again with the same ids.

export const ORDER_STATUSES = [
  "pending",
  "confirmed",
  "partially_confirmed",
  "rejected",
  "paid",
  "shipped",
  "completed",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type LineState = "pending" | "reserved" | "unavailable" | "released";

export interface OrderLine {
  retailerId: string;
  quantity: number;
  itemPriceMinor: number;
  currency: string;
  /** 0 when the product is unknown. */
  catalogPriceMinor: number;
  priceMismatch: boolean;
  reservedQuantity: number;
  state: LineState;
}

export interface ThreadOfOrder {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
}

/** How a business takes an order some of whose lines cannot be reserved. */
export type OrderPolicy = "partial" | "whole";

export interface OrderTransition {
  from: OrderStatus | "";
  to: OrderStatus;
  atMs: number;
}

/** The hosting the order message arrived under; an automatic reply goes out under the same. */
export interface OrderHosting {
  hostingMode: string;
  encryptionState: string;
  processors: string[];
}

export interface OrderState {
  tenantId: string;
  businessId: string;
  orderId: string;
  catalogId: string;
  messageId: string;
  thread: ThreadOfOrder;
  status: OrderStatus;
  lines: OrderLine[];
  policy: OrderPolicy;
  /** Whether the customer gets an automatic reply when the order is decided. */
  autoReply: boolean;
  hosting: OrderHosting | undefined;
  createdAtMs: number;
  /** The transition this revision made, if any (answers alone change lines, not the status). */
  transition: OrderTransition | undefined;
  /** Lines whose reservation this revision gives back. */
  releases: number[];
}

export const priceMismatchOf = (order: Pick<OrderState, "lines">): boolean => order.lines.some((l) => l.priceMismatch);
