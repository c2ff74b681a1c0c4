// A randomized, replayable workload of thread events for exactness tests, and its ground truth
// computed here from the rules as the docs state them (docs/analytics.md), not with the
// service's code: per rollup key (tenant, business, every dimension, UTC minute, late or not),
// every measure. Events are generated on one arrival timeline (envelope times rise, as a
// producer's clock does), with event times that lag, go backwards (out-of-order) or lag past the
// grace period (late); second copies of messages, statuses and order events are re-published
// later as they were; some statuses arrive before their message. Order messages are followed by
// catalog's order events (version 1 as placed, a decision later; some version 1s lost).
import { ENCRYPTION, type EventSpec, type OrderLineSpec, threadKeyOf } from "./volume-fixtures.ts";

type OrderSpec = Extract<EventSpec, { kind: "order" }>;

export const GRACE_MS = 5 * 60_000;
const MINUTE = 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const WINDOW = DAY;

/** mulberry32: a small deterministic PRNG, so a failing run can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Thread {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  customerId: string;
  customerWaId: string;
  outbound: string[];
}

const COUNTRIES = ["1555", "447700", "4915", "9198", "55119", "234803", "353861", "7916"];
const MODES = ["on_premises", "cloud", "bsp"];

export function workload(tenants: readonly string[], size: number, startMs: number, seed = 20261201): EventSpec[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const threads: Thread[] = [];
  const modeOf = new Map<string, string>();
  for (const tenantId of tenants) {
    for (const b of [1, 2]) {
      for (const p of [1, 2]) {
        const phoneNumberId = `${tenantId}-w${b}-p${p}`;
        modeOf.set(phoneNumberId, pick(MODES));
        for (let c = 0; c < 20; c++) {
          const waId = `${pick(COUNTRIES)}${String(Math.floor(next() * 1e6)).padStart(6, "0")}`;
          threads.push({
            tenantId,
            businessId: `${tenantId}-w${b}`,
            phoneNumberId,
            customerId: `c${c}`,
            customerWaId: waId,
            outbound: [],
          });
        }
      }
    }
  }
  const events: EventSpec[] = [];
  const sent: EventSpec[] = [];
  /** Orders placed and not decided yet. */
  const placed: OrderSpec[] = [];
  let arrival = startMs;
  let id = 0;
  while (events.length < size) {
    arrival += Math.floor(next() * 2_000); // ~1 event/s: 20,000 events span ~6 hours
    const thread = pick(threads);
    const party = {
      tenantId: thread.tenantId,
      businessId: thread.businessId,
      phoneNumberId: thread.phoneNumberId,
      customerId: thread.customerId,
      customerWaId: thread.customerWaId,
    };
    const roll = next();
    const lag =
      roll < 0.05
        ? GRACE_MS + MINUTE + Math.floor(next() * 20 * MINUTE)
        : roll < 0.15
          ? Math.floor(next() * 4 * MINUTE)
          : Math.floor(next() * 20_000);
    const atMs = arrival - lag;
    // A number's hosting mode changes now and then; messages carry the mode they were processed under.
    if (next() < 0.002) modeOf.set(thread.phoneNumberId, pick(MODES));
    const hostingMode = modeOf.get(thread.phoneNumberId) as string;
    const kind = next();
    if (kind < 0.1 && sent.length > 0) {
      // A second copy of an earlier event, exactly as it was first published.
      events.push({ ...pick(sent.slice(-500)) });
      continue;
    }
    let spec: EventSpec;
    if (next() < 0.06 && placed.length > 0) {
      // Catalog decides an order placed earlier: its next version, carrying the order as placed.
      const order = placed.splice(Math.floor(next() * placed.length), 1)[0] as OrderSpec;
      spec = { ...order, version: 2, toStatus: pick(["confirmed", "rejected"]), atMs: arrival, arrivedAtMs: arrival };
      events.push(spec);
      sent.push(spec);
      continue;
    }
    if (kind < 0.45) {
      const type = pick(["text", "text", "image", "order"]);
      const lines: OrderLineSpec[] =
        type === "order"
          ? Array.from({ length: 1 + Math.floor(next() * 2) }, () => ({
              quantity: 1 + Math.floor(next() * 3),
              itemPriceMinor: Math.floor(next() * 5000),
              currency: pick(["USD", "EUR", "INR"]),
            }))
          : [];
      const messageJson =
        type === "order"
          ? JSON.stringify({
              order: {
                product_items: lines.map((l) => ({
                  quantity: l.quantity,
                  item_price: l.itemPriceMinor / 100,
                  currency: l.currency,
                })),
              },
            })
          : "{}";
      spec = {
        ...party,
        kind: "inbound",
        messageId: `wamid.in.${id++}`,
        atMs,
        arrivedAtMs: arrival,
        type,
        hostingMode,
        messageJson,
      };
      if (type === "order") {
        // Catalog places the order as the message arrives (its clock) and publishes version 1 on
        // the order topic, keyed by order; now and then a crash loses that event and the order's
        // first event is its decision, minutes later (late for the placing minute, at times).
        const order: OrderSpec = {
          ...party,
          kind: "order",
          messageId: spec.messageId,
          orderId: `o:${thread.tenantId}/${thread.businessId}/${spec.messageId}`,
          version: 1,
          toStatus: "pending",
          atMs: arrival,
          placedAtMs: arrival,
          arrivedAtMs: arrival,
          hostingMode,
          lines,
        };
        placed.push(order);
        if (next() < 0.9) {
          events.push(spec, order);
          sent.push(spec, order);
          continue;
        }
      }
    } else if (kind < 0.75 || thread.outbound.length === 0) {
      const template = next() < 0.4;
      const category = template && next() < 0.8 ? pick(["marketing", "utility", "authentication"]) : undefined;
      spec = {
        ...party,
        kind: "outbound",
        messageId: `wamid.out.${id++}`,
        atMs,
        arrivedAtMs: arrival,
        type: template ? "template" : "text",
        hostingMode,
        ...(category === undefined ? {} : { category }),
      };
      thread.outbound.push(spec.messageId);
      if (next() < 0.05) {
        // Its delivery status overtakes it: published first.
        const early: EventSpec = {
          ...party,
          kind: "status",
          messageId: spec.messageId,
          status: "delivered",
          atMs,
          arrivedAtMs: arrival,
        };
        events.push(early);
        sent.push(early);
      }
    } else {
      const status = pick(["sent", "delivered", "delivered", "read", "read", "failed"]);
      const pricing = next() < 0.3 ? { category: pick(["marketing", "utility", "service"]) } : {};
      spec = {
        ...party,
        kind: "status",
        messageId: pick(thread.outbound.slice(-5)),
        status,
        atMs,
        arrivedAtMs: arrival,
        ...(status === "failed" ? { errorCode: pick([131047, 131026, 130472]) } : {}),
        ...pricing,
      };
    }
    events.push(spec);
    sent.push(spec);
  }
  return events;
}

export type Measures = Record<string, number>;

/** The id tests give a rollup key: tenant, business, dimensions, minute, late. */
export function truthKeyOf(k: {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  direction: string;
  messageType: string;
  pricingCategory: string;
  hostingMode: string;
  encryptionState: string;
  countryCode: string;
  bucketStartMs: number;
  late: boolean;
}): string {
  return JSON.stringify([
    k.tenantId,
    k.businessId,
    k.phoneNumberId,
    k.direction,
    k.messageType,
    k.pricingCategory,
    k.hostingMode,
    k.encryptionState,
    k.countryCode,
    k.bucketStartMs,
    k.late,
  ]);
}

const TWO_DIGIT_CODES = new Set([
  "20",
  "27",
  "30",
  "31",
  "32",
  "33",
  "34",
  "36",
  "39",
  "40",
  "41",
  "43",
  "44",
  "45",
  "46",
  "47",
  "48",
  "49",
  "51",
  "52",
  "53",
  "54",
  "55",
  "56",
  "57",
  "58",
  "60",
  "61",
  "62",
  "63",
  "64",
  "65",
  "66",
  "81",
  "82",
  "84",
  "86",
  "90",
  "91",
  "92",
  "93",
  "94",
  "95",
  "98",
]);
const countryOf = (waId: string) =>
  waId[0] === "1" || waId[0] === "7"
    ? waId.slice(0, 1)
    : TWO_DIGIT_CODES.has(waId.slice(0, 2))
      ? waId.slice(0, 2)
      : waId.slice(0, 3);

/**
 * The ground truth: per rollup key, every measure, from the events in publication order (which
 * is each thread's, and each order's, order on its partition). Second copies count nothing; a
 * status takes its message's dimensions when the message was published before it on the same
 * thread; an order counts once, from its first event.
 */
export function groundTruth(events: readonly EventSpec[], graceMs: number): Map<string, Measures> {
  const truth = new Map<string, Measures>();
  const seen = new Set<string>();
  const messages = new Map<string, Record<string, string>>();
  const threads = new Map<string, { window?: number; awaiting?: number; lastReply?: number }>();
  const add = (key: string, measures: Measures) => {
    const m = truth.get(key) ?? {};
    for (const [name, v] of Object.entries(measures)) m[name] = (m[name] ?? 0) + v;
    truth.set(key, m);
  };
  const once = (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  for (const e of events) {
    const tenantId = e.tenantId;
    const businessId = e.businessId as string;
    const country = countryOf(e.customerWaId as string);
    if (e.kind === "order") {
      // An order counts once, from the first of its events on the log, in its placing minute.
      if (!once(`${tenantId}|order|${e.orderId}`)) continue;
      const placedMinute = Math.floor(e.placedAtMs / MINUTE) * MINUTE;
      const hostingMode = e.hostingMode ?? "unknown";
      const key = truthKeyOf({
        tenantId,
        businessId,
        phoneNumberId: e.phoneNumberId as string,
        direction: "inbound",
        messageType: "order",
        pricingCategory: "service",
        hostingMode,
        encryptionState: ENCRYPTION[hostingMode] ?? "unknown",
        countryCode: country,
        bucketStartMs: placedMinute,
        late: (e.arrivedAtMs ?? e.atMs) > placedMinute + MINUTE + graceMs,
      });
      const measures: Measures = { orders: 1 };
      for (const line of e.lines) {
        measures[`orders:${line.currency}`] = 1;
        // USD, EUR and INR have two decimals: a minor unit is ten thousandths.
        measures[`order_value_milli:${line.currency}`] =
          (measures[`order_value_milli:${line.currency}`] ?? 0) + line.quantity * line.itemPriceMinor * 10;
      }
      add(key, measures);
      continue;
    }
    const minute = Math.floor(e.atMs / MINUTE) * MINUTE;
    const late = (e.arrivedAtMs ?? e.atMs) > minute + MINUTE + graceMs;
    if (e.kind === "status") {
      if (e.status === "sent") continue;
      const message = messages.get(`${tenantId}/${e.messageId}`);
      const dims = message ?? {
        messageType: "unknown",
        pricingCategory: "unknown",
        hostingMode: "unknown",
        encryptionState: "unknown",
      };
      const key = truthKeyOf({
        tenantId,
        businessId,
        phoneNumberId: e.phoneNumberId as string,
        direction: "outbound",
        messageType: dims.messageType as string,
        pricingCategory: e.category ?? (dims.pricingCategory as string),
        hostingMode: dims.hostingMode as string,
        encryptionState: dims.encryptionState as string,
        countryCode: country,
        bucketStartMs: minute,
        late,
      });
      if (!once(`${tenantId}|${e.status}|${e.messageId}`)) continue;
      add(key, e.status === "failed" ? { failed: 1, [`failed:${e.errorCode}`]: 1 } : { [e.status]: 1 });
      continue;
    }
    const outbound = e.kind === "outbound";
    const messageType = e.type ?? "text";
    const pricingCategory = outbound ? (e.category ?? (messageType === "template" ? "unknown" : "service")) : "service";
    const hostingMode = e.hostingMode ?? "unknown";
    const dims = { messageType, pricingCategory, hostingMode, encryptionState: ENCRYPTION[hostingMode] ?? "unknown" };
    if (outbound && !messages.has(`${tenantId}/${e.messageId}`)) messages.set(`${tenantId}/${e.messageId}`, dims);
    const key = truthKeyOf({
      tenantId,
      businessId,
      phoneNumberId: e.phoneNumberId as string,
      direction: e.kind,
      ...dims,
      countryCode: country,
      bucketStartMs: minute,
      late,
    });
    if (once(`${tenantId}|${e.kind}|${e.messageId}`)) {
      // An order message is a received message; the order itself counts from catalog's events.
      add(key, outbound ? { sent: 1 } : { received: 1 });
    }
    const hour = Math.floor(e.atMs / HOUR) * HOUR;
    const day = Math.floor(e.atMs / DAY) * DAY;
    const d = new Date(e.atMs);
    const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    for (const [period, start] of [
      ["hour", hour],
      ["day", day],
      ["month", month],
    ] as const) {
      if (once(`${tenantId}|${e.phoneNumberId}|${e.customerId}|${period}|${start}`))
        add(key, { [`customers_${period}`]: 1 });
    }
    const thread = threadKeyOf(e);
    const state = threads.get(thread) ?? {};
    threads.set(thread, state);
    if (!outbound) {
      if (state.window === undefined || e.atMs >= state.window + WINDOW) {
        state.window = e.atMs;
        add(key, { windows_opened: 1 });
      }
      if (
        (state.lastReply === undefined || e.atMs > state.lastReply) &&
        (state.awaiting === undefined || e.atMs < state.awaiting)
      ) {
        state.awaiting = e.atMs;
      }
    } else {
      if (state.awaiting !== undefined && e.atMs >= state.awaiting) {
        const ms = e.atMs - state.awaiting;
        const bin = ms < 1000 ? 0 : Math.floor(Math.log(ms / 1000) / Math.log(1.1)) + 1;
        add(key, { frt_count: 1, frt_sum_ms: ms, [`frt_bin:${bin}`]: 1 });
        delete state.awaiting;
      }
      if (state.lastReply === undefined || e.atMs > state.lastReply) state.lastReply = e.atMs;
    }
  }
  return truth;
}
