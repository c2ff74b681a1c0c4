// Turns one batch's observations into facts — pure, in offset order. Per message: the message
// itself (sent | received), and one unique-customer fact per UTC hour, day and
// month the thread's state has not seen the customer in yet; per inbound/outbound message also what the thread's state says (window opened, first
// response). Per status: delivered | read | failed, cut by the dimensions of its message as known
// when the status is first seen (the stored message fact, or an earlier message of this batch),
// else by what the status itself carries. Per order event: the order, once per order id whichever
// of its versions comes first. Fact ids are deterministic, see fact.ts.
import { countryCodeOf } from "./country-code.ts";
import { compareOffsets, type Fact, factIdOf } from "./fact.ts";
import { frtMeasures, inquiryMeasureOf, type Measures } from "./measures.ts";
import type { MessageObservation, Observation, OrderObservation, StatusObservation } from "./observation.ts";
import { type Dimensions, isLate, minuteOf, type RollupKey, UNKNOWN } from "./rollup-key.ts";
import { emptyThread, isNewForThread, stepThread, type ThreadState, threadIdOf } from "./thread-state.ts";

export interface FactContext {
  /** Stored `sent` facts of the messages the batch's statuses are about, by fact id. */
  messages: ReadonlyMap<string, Fact>;
  /** Stored thread states, by thread id; updated in place for the threads the batch touches. */
  threads: Map<string, ThreadState>;
  graceMs: number;
}

export const UNIQUE_PERIODS = ["hour", "day", "month"] as const;

export function sentFactIdOf(tenantId: string, messageId: string): string {
  return factIdOf(tenantId, "sent", messageId);
}

export function threadIdOfObservation(o: Observation): string {
  return threadIdOf(o.thread.tenantId, o.thread.phoneNumberId, o.thread.customerId);
}

/** Start of the UTC hour, day or month containing `atMs`. */
export function periodStartOf(period: (typeof UNIQUE_PERIODS)[number], atMs: number): number {
  if (period === "hour") return Math.floor(atMs / 3_600_000) * 3_600_000;
  if (period === "day") return Math.floor(atMs / 86_400_000) * 86_400_000;
  const d = new Date(atMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The batch's facts in offset order, and for each the position of the observation it came from. */
export function factsOf(
  observations: readonly Observation[],
  context: FactContext,
): { facts: Fact[]; sources: number[] } {
  const known = new Map(context.messages);
  const facts: Fact[] = [];
  const sources: number[] = [];
  observations.forEach((o, index) => {
    const produced =
      o.kind === "message"
        ? messageFacts(o, context, known)
        : o.kind === "status"
          ? [statusFact(o, context, known)]
          : [orderFact(o, context)];
    for (const fact of produced) {
      facts.push(fact);
      sources.push(index);
    }
  });
  return { facts, sources };
}

function keyOf(o: Observation, dimensions: Dimensions, atMs: number, graceMs: number): RollupKey {
  const bucketStartMs = minuteOf(atMs);
  return {
    tenantId: o.thread.tenantId,
    businessId: o.thread.businessId,
    ...dimensions,
    bucketStartMs,
    late: isLate(bucketStartMs, o.arrivedAtMs, graceMs),
  };
}

function messageFacts(o: MessageObservation & Observation, context: FactContext, known: Map<string, Fact>): Fact[] {
  const { tenantId, phoneNumberId, customerId } = o.thread;
  const key = keyOf(
    o,
    {
      phoneNumberId,
      direction: o.direction,
      messageType: o.messageType,
      pricingCategory: o.pricingCategory,
      hostingMode: o.hostingMode,
      encryptionState: o.encryptionState,
      countryCode: countryCodeOf(o.thread.customerWaId),
    },
    o.atMs,
    context.graceMs,
  );
  const fact = (id: string, measures: Measures): Fact => ({ id, tenantId, key, measures, delivery: o.delivery });
  const messageMeasures: Measures = o.direction === "outbound" ? { sent: 1 } : { received: 1 };
  if (o.referredProduct) {
    // A product inquiry counts on the message's own fact, so it is exactly-once with it.
    messageMeasures.inquiries = 1;
    messageMeasures[inquiryMeasureOf(o.referredProduct.catalogId, o.referredProduct.retailerId)] = 1;
  }
  const id =
    o.direction === "outbound" ? sentFactIdOf(tenantId, o.messageId) : factIdOf(tenantId, "received", o.messageId);
  const facts = [fact(id, messageMeasures)];
  if (o.direction === "outbound" && !known.has(id)) known.set(id, facts[0] as Fact);
  const threadId = threadIdOfObservation(o);
  const state = context.threads.get(threadId) ?? emptyThread(threadId, tenantId);
  context.threads.set(threadId, state);
  if (isNewForThread(state, o.delivery.offset)) {
    for (const period of customerPeriodsToFact(state, o.atMs)) {
      const start = periodStartOf(period, o.atMs);
      facts.push(
        fact(factIdOf(tenantId, `customers_${period}`, phoneNumberId, start, customerId), {
          [`customers_${period}`]: 1,
        }),
      );
    }
  }
  for (const outcome of stepThread(state, { kind: o.direction, atMs: o.atMs, offset: o.delivery.offset })) {
    if (outcome.kind === "window-opened") {
      facts.push(fact(factIdOf(tenantId, "window", threadId, outcome.atMs), { windows_opened: 1 }));
    } else if (outcome.kind === "responded") {
      facts.push(fact(factIdOf(tenantId, "frt", threadId, outcome.awaitingSinceMs), frtMeasures(outcome.responseMs)));
    }
  }
  return facts;
}

const CUSTOMER_FIELDS = { hour: "customerHourMs", day: "customerDayMs", month: "customerMonthMs" } as const;

/**
 * The periods whose unique-customer fact a new message of the thread must make, and the state
 * updated to say they were made. A period the state already names was made by an event at a lower
 * offset whose batch counted it (states are written after the counts), so none is made again: the
 * fact's id is deterministic, so making one anyway would only collide. A message of an earlier
 * period than the state's (out of order) makes its fact, which the id keeps from counting twice.
 * A redelivered event (not new for the thread) makes none: its batch counted them already.
 */
function customerPeriodsToFact(state: ThreadState, atMs: number): (typeof UNIQUE_PERIODS)[number][] {
  return UNIQUE_PERIODS.filter((period) => {
    const start = periodStartOf(period, atMs);
    const field = CUSTOMER_FIELDS[period];
    const seen = state[field];
    if (seen === start) return false;
    if (seen === undefined || start > seen) state[field] = start;
    return true;
  });
}

/**
 * The message's fact if it came before the status in the log. A message stored at a later offset
 * of this partition (its status overtook it, and a crash made the status redelivered after the
 * message was stored) is ignored: the status's dimensions must not depend on where a crash fell.
 */
function earlier(message: Fact | undefined, status: Observation): Fact | undefined {
  if (!message) return undefined;
  const { delivery } = message;
  const samePartition = delivery.topic === status.delivery.topic && delivery.partition === status.delivery.partition;
  return samePartition && compareOffsets(delivery.offset, status.delivery.offset) >= 0 ? undefined : message;
}

function statusFact(o: StatusObservation & Observation, context: FactContext, known: ReadonlyMap<string, Fact>): Fact {
  const { tenantId, phoneNumberId } = o.thread;
  const message = earlier(known.get(sentFactIdOf(tenantId, o.messageId)), o);
  const own: Dimensions = {
    phoneNumberId,
    direction: "outbound",
    messageType: UNKNOWN,
    pricingCategory: UNKNOWN,
    hostingMode: UNKNOWN,
    encryptionState: UNKNOWN,
    countryCode: countryCodeOf(o.thread.customerWaId),
  };
  const {
    tenantId: _t,
    businessId: _b,
    bucketStartMs: _s,
    late: _l,
    ...fromMessage
  } = message?.key ?? {
    tenantId,
    businessId: o.thread.businessId,
    bucketStartMs: 0,
    late: false,
    ...own,
  };
  const dimensions: Dimensions = {
    ...fromMessage,
    // The status's own report of the category is Meta's final word on it.
    pricingCategory: o.pricingCategory || fromMessage.pricingCategory,
  };
  const measures: Measures = { [o.status]: 1 };
  if (o.status === "failed") measures[`failed:${o.errorCode}`] = 1;
  return {
    id: factIdOf(tenantId, o.status, o.messageId),
    tenantId,
    key: keyOf(o, dimensions, o.atMs, context.graceMs),
    measures,
    delivery: o.delivery,
  };
}

/**
 * The order's fact: `orders`, and per currency it names `orders:<CUR>` and its value. Cut like the
 * customer's order message (inbound, type `order`, service), so an order and its message meet in
 * one rollup row when they fall in the same minute. One id per order: a later version, a
 * republished event or a redelivery collides with the first and never counts again.
 */
function orderFact(o: OrderObservation & Observation, context: FactContext): Fact {
  const { tenantId, phoneNumberId } = o.thread;
  const measures: Measures = { orders: 1 };
  for (const [currency, { valueMilli }] of Object.entries(o.totals)) {
    measures[`orders:${currency}`] = 1;
    measures[`order_value_milli:${currency}`] = valueMilli;
  }
  const dimensions: Dimensions = {
    phoneNumberId,
    direction: "inbound",
    messageType: "order",
    pricingCategory: "service",
    hostingMode: o.hostingMode,
    encryptionState: o.encryptionState,
    countryCode: countryCodeOf(o.thread.customerWaId),
  };
  return {
    id: factIdOf(tenantId, "order", o.orderId),
    tenantId,
    key: keyOf(o, dimensions, o.atMs, context.graceMs),
    measures,
    delivery: o.delivery,
  };
}
