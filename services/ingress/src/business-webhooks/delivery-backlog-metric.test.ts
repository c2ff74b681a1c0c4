import { createInMemoryEventBus, createLogger, metricsText, startTelemetry, type Telemetry } from "@switchboard/kit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { loadIngressConfig } from "../config.ts";
import { buildBusinessWebhooks } from "./business-webhooks.ts";
import { meterDeliveryBacklog } from "./delivery-backlog-metric.ts";

const A = { tenantId: "t-a", businessId: "b-1" };
const B = { tenantId: "t-b", businessId: "b-2" };
const change = (deliveryId: string) => ({ deliveryId, eventType: "messages", phoneNumberId: "pn-1", changeJson: "{}" });

/** The gauge's value per tenant/business from the process's Prometheus text. */
async function backlog(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const match of (await metricsText()).matchAll(
    /^switchboard_webhook_backlog\{tenant="([^"]*)",business="([^"]*)"\} (-?\d+)$/gm,
  ))
    out[`${match[1]}/${match[2]}`] = Number(match[3]);
  return out;
}

let telemetry: Telemetry;
beforeEach(() => {
  telemetry = startTelemetry({ serviceName: "backlog-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
});
afterEach(() => telemetry.shutdown());

describe("switchboard_webhook_backlog", () => {
  it("counts only the deliveries a batch created, per business", async () => {
    const store = meterDeliveryBacklog(createInMemoryDeliveryStore());
    await store.enqueue(A, change("a1"), 1_000);
    const created = await store.enqueueMany(
      [
        { scope: A, delivery: change("a1") }, // already queued
        { scope: A, delivery: change("a2") },
        { scope: A, delivery: change("a2") }, // a repeat within the batch
        { scope: B, delivery: change("b1") },
      ],
      1_000,
    );
    expect(created.map((c) => c.created)).toEqual([false, true, false, true]);
    expect(await backlog()).toEqual({ "t-a/b-1": 2, "t-b/b-2": 1 });
  });

  it("counts pending deliveries per business as they are queued, replayed, delivered and parked", async () => {
    const store = meterDeliveryBacklog(createInMemoryDeliveryStore());
    for (const id of ["a1", "a2", "a3"]) await store.enqueue(A, change(id), 1_000);
    await store.enqueue(A, change("a1"), 1_000); // a redelivered record: not a new delivery
    await store.enqueue(B, change("b1"), 1_000);
    expect(await backlog()).toEqual({ "t-a/b-1": 3, "t-b/b-2": 1 });

    const claimed = await store.claimDue("token", 2_000, 60_000, 10);
    expect(claimed).toHaveLength(4);
    await store.markDelivered(A, ["a1", "a2"], 2_000);
    expect(await store.park(A, "a3", "token", 2_000, "HTTP 500")).toBe(true);
    expect(await backlog()).toEqual({ "t-a/b-1": 0, "t-b/b-2": 1 });

    expect(await store.replay(A, 3_000)).toBe(1);
    expect(await backlog()).toEqual({ "t-a/b-1": 1, "t-b/b-2": 1 });
    expect(store.snapshot().get("t-a/b-1")?.pending).toBe(1);
  });

  it("takes the store's figure at each sample: what other replicas queued and settled, after a restart too", async () => {
    const shared = createInMemoryDeliveryStore();
    const other = meterDeliveryBacklog(shared); // another replica, same store
    for (const id of ["a1", "a2"]) await other.enqueue(A, change(id), 1_000);
    await other.enqueue(B, change("b1"), 1_000);

    // A replica (re)started after those enqueues: it knows nothing until it samples the store.
    const mine = meterDeliveryBacklog(shared);
    expect(mine.snapshot().size).toBe(0);
    await mine.pendingCounts();
    expect(mine.snapshot().get("t-a/b-1")?.pending).toBe(2);
    expect(mine.snapshot().get("t-b/b-2")?.pending).toBe(1);

    // Delivered through the other replica: this one still says 1 for B until its next sample.
    await other.claimDue("token", 2_000, 60_000, 10);
    await other.markDelivered(B, ["b1"], 2_000);
    expect(mine.snapshot().get("t-b/b-2")?.pending).toBe(1);
    await mine.pendingCounts();
    expect(mine.snapshot().get("t-b/b-2")?.pending).toBe(0);
  });

  it("is what the business-webhooks builder's deliveries count (the hook is in place)", async () => {
    const config = loadIngressConfig({
      ADMIN_TOKEN: "backlog-test-admin-token-0123456789",
      KAFKA_BROKERS: "127.0.0.1:1",
      MONGODB_URI: "mongodb://127.0.0.1:1/",
    });
    const webhooks = buildBusinessWebhooks({
      subscriptions: createInMemorySubscriptionStore(),
      deliveries: createInMemoryDeliveryStore(),
      numbers: { phoneNumber: async () => undefined },
      bus: createInMemoryEventBus(),
      config,
      logger: createLogger({ service: "backlog-test", level: "silent" }),
    });
    await webhooks.deliveries.enqueue(B, change("b9"), 1_000);
    expect((await backlog())["t-b/b-2"]).toBe(1);
  });
});
