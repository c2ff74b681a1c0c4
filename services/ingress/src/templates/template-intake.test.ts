import { createInMemoryEventBus, createLogger, event } from "@switchboard/kit";
import { UpstreamNotificationReceivedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { approveTemplate } from "../../test/support/approved-template.ts";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { createInMemoryTemplateStore } from "../../test/support/in-memory-template-store.ts";
import { manualClock } from "../upstream-channel/simulator/clock.ts";
import { cachedTemplateLookup } from "./cached-templates.ts";
import { createSimulatedReview } from "./simulated-review.ts";
import { templateIntakeHandlers } from "./template-intake.ts";

const logger = createLogger({ service: "templates-test", level: "silent" });
const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const B = { tenantId: "tenant-a", businessId: "200000000000002" };
const BODY = [{ type: "BODY", text: "Your order {{1}} is ready." }];

async function setUp() {
  const bus = createInMemoryEventBus();
  const store = createInMemoryTemplateStore();
  const deliveries = createInMemoryDeliveryStore();
  const subscriptions = createInMemorySubscriptionStore();
  const lookup = cachedTemplateLookup(store, { ttlMs: 60_000 });
  let woken = 0;
  await bus.subscribe({
    groupId: "templates",
    handlers: templateIntakeHandlers({
      store,
      lookup,
      deliveries,
      subscriptions,
      queued: () => {
        woken += 1;
      },
      clock: () => 5_000,
      logger,
    }),
  });
  const subscribe = (scope: typeof A) =>
    subscriptions.put(scope, {
      callbackUrl: "https://crm.example/webhook",
      verifyToken: "verify-token",
      appSecret: "app-secret-123",
      createdAtMs: 0,
      updatedAtMs: 0,
    });
  return { bus, store, deliveries, lookup, subscribe, woken: () => woken };
}

const notification = (scope: typeof A, field: string, value: object, tenantId = scope.tenantId) =>
  event(UpstreamNotificationReceivedEvent, {
    // Deterministic from the content, as the webhook receiver derives it: a redelivery has the same id.
    id: `up-${scope.businessId}-${field}-${JSON.stringify(value)}`,
    key: scope.businessId,
    tenantId,
    data: { ...scope, phoneNumberId: "", field, valueJson: JSON.stringify(value), receivedAtMs: 1 },
  });

describe("template intake", () => {
  it("applies the simulator's review and forwards its webhooks to the business", async () => {
    const t = await setUp();
    await t.subscribe(A);
    const clock = manualClock();
    const review = createSimulatedReview({ bus: t.bus, clock, delayMs: 100, logger });
    const record = {
      ...(await approveTemplate(t.store, A, { name: "order_ready", language: "en_US", components: BODY })),
    };
    await t.store.update(A, record, { status: "PENDING" }, 0);
    // A send before approval caches the pending record: the intake must drop it.
    expect((await t.lookup.get(A, record))?.status).toBe("PENDING");
    review.submit({ ...record, status: "PENDING" });
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect((await t.lookup.get(A, record))?.status).toBe("APPROVED");
    const queued = t.deliveries.all();
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]?.changeJson ?? "")).toEqual({
      field: "message_template_status_update",
      value: {
        event: "APPROVED",
        message_template_id: Number(record.templateId),
        message_template_name: "order_ready",
        message_template_language: "en_US",
        reason: "NONE",
        message_template_category: "UTILITY",
      },
    });
    expect(queued[0]).toMatchObject({ ...A, phoneNumberId: "" });
    expect(t.woken()).toBe(1);
  });

  it("pauses, disables and reinstates; a redelivered webhook is owed once", async () => {
    const t = await setUp();
    await t.subscribe(A);
    const record = await approveTemplate(t.store, A, { name: "order_ready", language: "en_US", components: BODY });
    const status = (value: string) =>
      notification(A, "message_template_status_update", {
        event: value,
        message_template_id: Number(record.templateId),
        message_template_name: "order_ready",
        message_template_language: "en_US",
        reason: null,
      });
    await t.bus.publish([status("PAUSED")]);
    expect((await t.store.get(A, record))?.status).toBe("PAUSED");
    await t.bus.publish([status("DISABLED"), status("DISABLED")]);
    expect((await t.store.get(A, record))?.status).toBe("DISABLED");
    await t.bus.publish([status("REINSTATED")]);
    expect((await t.store.get(A, record))?.status).toBe("APPROVED");
    expect(t.deliveries.all()).toHaveLength(3);
  });

  it("never applies a notification to another business, nor one whose payload names another tenant", async () => {
    const t = await setUp();
    await t.subscribe(A);
    await t.subscribe(B);
    const record = await approveTemplate(t.store, A, { name: "order_ready", language: "en_US", components: BODY });
    const paused = {
      event: "PAUSED",
      message_template_name: "order_ready",
      message_template_language: "en_US",
    };
    await t.bus.publish([notification(B, "message_template_status_update", paused)]);
    await t.bus.publish([notification(A, "message_template_status_update", paused, "tenant-z")]);
    expect((await t.store.get(A, record))?.status).toBe("APPROVED");
    // B's own webhook is still forwarded to B (Meta forwards templates it knows, even ones made elsewhere).
    expect(t.deliveries.all().map((d) => d.businessId)).toEqual([B.businessId]);
  });

  it("skips other notification fields and queues nothing for a business without a subscription", async () => {
    const t = await setUp();
    await t.bus.publish([notification(A, "account_update", { event: "VERIFIED_ACCOUNT" })]);
    await t.bus.publish([
      notification(A, "message_template_status_update", {
        event: "APPROVED",
        message_template_name: "x",
        message_template_language: "en_US",
      }),
    ]);
    expect(t.deliveries.all()).toHaveLength(0);
  });
});
