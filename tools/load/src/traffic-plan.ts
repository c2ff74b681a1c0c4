// Which message the i-th request of a step is: a pool of customers is walked round-robin, so every
// thread gets about the same number of messages (~10 by default) spread over the whole step, and
// each customer alternates between writing in (a signed upstream webhook) and being written to
// (a business send). A business send to a customer who has not written yet is a template, which
// Meta allows outside the 24-hour window; later ones are free-form text, inside the window the
// customer's message opened. Alternation keeps each customer within the pair rate limit (a burst
// of 45, then one per 6 s) for steps of 10 s and up. Pure: no I/O, no randomness.

export type PlannedMessage =
  | { direction: "inbound"; customer: number; round: number }
  | { direction: "outbound"; customer: number; round: number; kind: "template" | "text" };

export interface TrafficPlan {
  /** Customers of this step; their ids are `firstCustomer` .. `firstCustomer + customers - 1`. */
  customers: number;
  firstCustomer: number;
}

export function planStep(totalMessages: number, messagesPerThread: number, firstCustomer: number): TrafficPlan {
  return { customers: Math.max(1, Math.round(totalMessages / Math.max(1, messagesPerThread))), firstCustomer };
}

export function plannedMessage(plan: TrafficPlan, index: number): PlannedMessage {
  const local = index % plan.customers;
  const round = Math.floor(index / plan.customers);
  const customer = plan.firstCustomer + local;
  // Half the customers start by writing in, half are written to first: both directions every round.
  if ((round + local) % 2 === 1) return { direction: "inbound", customer, round };
  return { direction: "outbound", customer, round, kind: round === 0 ? "template" : "text" };
}

/** A customer's WhatsApp id: digits only, distinct per customer, never a business number's. */
export function customerWaId(customer: number): string {
  return `49151${String(customer).padStart(7, "0")}`;
}
