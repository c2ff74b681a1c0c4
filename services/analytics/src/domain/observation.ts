// What analytics takes from one consumed event, already validated and tenant-checked: a message
// (inbound received or outbound accepted) or a delivery status of an outbound message (thread
// events), or an order the catalog placed (order events). Plain data, independent of the protobuf
// payloads (events/observation-of.ts maps those).
import type { Delivery } from "./fact.ts";
import type { Direction } from "./rollup-key.ts";

export interface ThreadParty {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
}

/** Per currency an order names: the value of its lines in that currency, in thousandths of a unit. */
export type OrderTotals = Record<string, { valueMilli: number }>;

export interface MessageObservation {
  kind: "message";
  thread: ThreadParty;
  direction: Direction;
  messageId: string;
  messageType: string;
  pricingCategory: string;
  hostingMode: string;
  encryptionState: string;
  atMs: number;
  /** Set for inbound messages asking about a product (Meta's `context.referred_product`). */
  referredProduct?: { catalogId: string; retailerId: string };
}

/**
 * `outcome_unknown` is the platform's provisional failure of a send whose answer from Meta was lost
 * (@switchboard/proto send-outcome.ts): counted apart from `failed`, since Meta's own later report
 * of the same message (delivered, read, or a real failure) is counted as what it says.
 */
export type CountedStatus = "delivered" | "read" | "failed" | "outcome_unknown";

export interface StatusObservation {
  kind: "status";
  thread: ThreadParty;
  messageId: string;
  status: CountedStatus;
  /** Meta's error codes of a failed status (first one counts), "unknown" when none was given. */
  errorCode: string;
  /** From the status's `pricing.category`, "" when not reported. */
  pricingCategory: string;
  atMs: number;
}

/**
 * An order the catalog placed, from any of its OrderStatusChanged events: each carries the order
 * as placed (time, hosting, lines), so whichever arrives first counts it, once by its id.
 */
export interface OrderObservation {
  kind: "order";
  thread: ThreadParty;
  orderId: string;
  hostingMode: string;
  encryptionState: string;
  /** When the catalog placed the order (the bucket it counts in). */
  atMs: number;
  totals: OrderTotals;
}

export type Observation = (MessageObservation | StatusObservation | OrderObservation) & {
  /** When the event reached the log (its envelope time): decides whether it is late. */
  arrivedAtMs: number;
  delivery: Delivery;
};
