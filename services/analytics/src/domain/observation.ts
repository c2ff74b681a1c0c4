// What analytics takes from one thread event, already validated and tenant-checked: a message
// (inbound received or outbound accepted) or a delivery status of an outbound message. Plain
// data, independent of the protobuf payloads (events/observation-of.ts maps those).
import type { Delivery } from "./fact.ts";
import type { Direction } from "./rollup-key.ts";

export interface ThreadParty {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
}

/** Per currency: how many orders named it and their value in thousandths of a unit. */
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
  /** Set for inbound `order` messages. */
  order?: OrderTotals;
  /** Set for inbound messages asking about a product (Meta's `context.referred_product`). */
  referredProduct?: { catalogId: string; retailerId: string };
}

export type CountedStatus = "delivered" | "read" | "failed";

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

export type Observation = (MessageObservation | StatusObservation) & {
  /** When the event reached the log (its envelope time): decides whether it is late. */
  arrivedAtMs: number;
  delivery: Delivery;
};
