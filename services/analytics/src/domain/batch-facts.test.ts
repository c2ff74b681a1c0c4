import { describe, expect, it } from "vitest";
import { THREAD_TOPIC } from "../../test/support/volume-fixtures.ts";
import { factsOf } from "./batch-facts.ts";
import type { Observation } from "./observation.ts";
import type { ThreadState } from "./thread-state.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const thread = {
  tenantId: "tenant-a",
  businessId: "waba-1",
  phoneNumberId: "pn-1",
  customerId: "c-1",
  customerWaId: "4915112345678",
};

const inbound = (offset: number, atMs: number, messageId = `wamid.${offset}`): Observation => ({
  kind: "message",
  thread,
  direction: "inbound",
  messageId,
  messageType: "text",
  pricingCategory: "service",
  hostingMode: "cloud",
  encryptionState: "provider_accessible",
  atMs,
  arrivedAtMs: atMs,
  delivery: { topic: THREAD_TOPIC, partition: 0, offset: String(offset) },
});

const customerFacts = (observations: Observation[], threads = new Map<string, ThreadState>()) =>
  factsOf(observations, { messages: new Map(), threads, graceMs: 0 })
    .facts.filter((f) => f.id.includes("|customers_"))
    .map((f) => f.id.split("|")[1]);

describe("unique-customer facts", () => {
  it("makes one per period for a customer's first message of it, none for the rest", () => {
    const ids = customerFacts([inbound(1, T0), inbound(2, T0 + 60_000), inbound(3, T0 + 120_000)]);
    expect(ids).toEqual(["customers_hour", "customers_day", "customers_month"]);
  });

  it("makes the hour's again in a new hour, and an earlier period's for a message out of order", () => {
    const ids = customerFacts([inbound(1, T0), inbound(2, T0 + HOUR), inbound(3, T0 + 5 * 60_000)]);
    expect(ids).toEqual(["customers_hour", "customers_day", "customers_month", "customers_hour", "customers_hour"]);
  });

  it("makes none for an event the stored thread state already applied (a redelivery)", () => {
    const threads = new Map<string, ThreadState>();
    customerFacts([inbound(1, T0), inbound(2, T0 + 60_000)], threads);
    expect(customerFacts([inbound(1, T0), inbound(2, T0 + 60_000)], threads)).toEqual([]);
    // The next new event of the same hour needs none either: its period was counted.
    expect(customerFacts([inbound(3, T0 + 90_000)], threads)).toEqual([]);
  });
});
