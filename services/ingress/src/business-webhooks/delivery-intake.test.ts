import { createInMemoryEventBus, createLogger, event, type TenantScope } from "@switchboard/kit";
import { InboundMessageReceivedEvent, MessageStatusChangedEvent, SystemMessageAddedEvent } from "@switchboard/proto";
import { meterStoreCalls } from "@switchboard/testing/store-call-meter";
import { describe, expect, it } from "vitest";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { anInboundText, aStatusChanged, aSystemAdded, aThreadRef } from "../../test/support/webhook-event-fixtures.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import { businessWebhookHandlers } from "./delivery-intake.ts";
import type { DeliveryStore } from "./delivery-store.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

const A = { tenantId: "tn_a", businessId: "419561257915477" };
const numberOf = (scope: TenantScope, phoneNumberId = "106540352242922"): PhoneNumberRecord => ({
  ...scope,
  phoneNumberId,
  displayPhoneNumber: "+1 555-078-3881",
  hostingMode: "cloud",
  processors: ["business", "meta"],
  catalogId: "",
});

interface HarnessOptions {
  /** Businesses with a subscription and a number (default: A only). */
  subscribed?: TenantScope[];
  maxAttempts?: number;
  /** Wraps the store the intake writes to (a failing one, say). */
  deliveriesVia?: (store: DeliveryStore) => Pick<DeliveryStore, "enqueueMany">;
}

async function harness(options: HarnessOptions = {}) {
  const subscribed = options.subscribed ?? [A];
  const bus = createInMemoryEventBus();
  const store = createInMemoryDeliveryStore();
  const subscriptionStore = createInMemorySubscriptionStore();
  for (const scope of subscribed)
    await subscriptionStore.put(scope, {
      callbackUrl: "https://a",
      verifyToken: "v",
      appSecret: "s",
      createdAtMs: 0,
      updatedAtMs: 0,
    });
  const directory: Pick<CallerDirectory, "phoneNumber"> = {
    phoneNumber: async (caller, id) => {
      const scope = subscribed.find((s) => s.tenantId === caller.tenantId && s.businessId === caller.businessId);
      return scope && id === "106540352242922" ? numberOf(scope) : undefined;
    },
  };
  const deliveries = meterStoreCalls<Pick<DeliveryStore, "enqueueMany">>(options.deliveriesVia?.(store) ?? store);
  const subscriptions = meterStoreCalls<Pick<SubscriptionStore, "get">>(subscriptionStore);
  const phoneNumbers = meterStoreCalls(directory);
  const queued: Array<{ scope: TenantScope; count: number }> = [];
  await bus.subscribe({
    groupId: "ingress-business-webhooks",
    maxAttempts: options.maxAttempts ?? 1,
    handlers: businessWebhookHandlers({
      deliveries: deliveries.store,
      subscriptions: subscriptions.store,
      phoneNumbers: phoneNumbers.store,
      clock: () => 5_000,
      queued: (scope, deliveryIds) => void queued.push({ scope, count: deliveryIds.length }),
      logger: createLogger({ service: "test", level: "silent" }),
    }),
  });
  return { bus, store, queued, calls: { deliveries, subscriptions, phoneNumbers } };
}

describe("business webhook intake", () => {
  it("queues one Meta-shaped delivery per inbound message, status and system message, once", async () => {
    const h = await harness();
    const events = [
      event(InboundMessageReceivedEvent, { key: "k", tenantId: A.tenantId, data: anInboundText("wamid.1") }),
      event(MessageStatusChangedEvent, { key: "k", tenantId: A.tenantId, data: aStatusChanged("wamid.2") }),
      event(MessageStatusChangedEvent, {
        key: "k",
        tenantId: A.tenantId,
        data: aStatusChanged("wamid.2", { status: "read" }),
      }),
      event(SystemMessageAddedEvent, { key: "k", tenantId: A.tenantId, data: aSystemAdded("wamid.3") }),
    ];
    // Published twice, with fresh envelope ids, as a producer retry would.
    await h.bus.publish(events);
    await h.bus.publish(events);
    const queued = h.store.all();
    expect(queued.map((d) => d.deliveryId).sort()).toEqual([
      "msg:wamid.1",
      "msg:wamid.3",
      "status:wamid.2:delivered",
      "status:wamid.2:read",
    ]);
    // One notice for the business's four new deliveries; the redelivered batch created none.
    expect(h.queued).toEqual([{ scope: A, count: 4 }]);
    expect(queued.every((d) => d.tenantId === A.tenantId && d.state === "pending" && d.nextAttemptAtMs === 5_000)).toBe(
      true,
    );
    const change = JSON.parse(queued.find((d) => d.deliveryId === "msg:wamid.1")?.changeJson ?? "{}");
    expect(change.value.metadata).toEqual({ display_phone_number: "15550783881", phone_number_id: "106540352242922" });
    expect(h.bus.deadLetters).toHaveLength(0);
  });

  it("owes nothing to a business without a subscription, nor for a payload naming another tenant", async () => {
    const h = await harness();
    const otherBusiness = aThreadRef({ tenantId: "tn_b", businessId: "222" });
    await h.bus.publish([
      event(InboundMessageReceivedEvent, {
        key: "k",
        tenantId: "tn_b",
        data: anInboundText("wamid.b", { thread: otherBusiness }),
      }),
      // Envelope says tenant B, payload claims tenant A's thread: not delivered to A.
      event(InboundMessageReceivedEvent, { key: "k", tenantId: "tn_b", data: anInboundText("wamid.spoof") }),
      // In the same batch, A's own event is still queued.
      event(InboundMessageReceivedEvent, { key: "k", tenantId: A.tenantId, data: anInboundText("wamid.a") }),
    ]);
    expect(h.store.all().map((d) => `${d.tenantId}/${d.deliveryId}`)).toEqual(["tn_a/msg:wamid.a"]);
    expect(h.queued).toEqual([{ scope: A, count: 1 }]);
    expect(h.bus.deadLetters).toHaveLength(0);
  });

  it("queues a batch of 300 events of 3 businesses with one store write and one lookup per business", async () => {
    const businesses = ["b1", "b2", "b3"].map((businessId) => ({ tenantId: `tn_${businessId}`, businessId }));
    const h = await harness({ subscribed: businesses });
    const events = Array.from({ length: 300 }, (_, i) => {
      const scope = businesses[i % 3] as TenantScope;
      return event(InboundMessageReceivedEvent, {
        key: `k${i % 7}`,
        tenantId: scope.tenantId,
        data: anInboundText(`wamid.${i}`, { thread: aThreadRef(scope) }),
      });
    });
    await h.bus.publish(events);
    expect(h.store.all()).toHaveLength(300);
    expect(h.calls.deliveries.calls()).toBe(1);
    expect(h.calls.subscriptions.calls()).toBe(3);
    expect(h.calls.phoneNumbers.calls()).toBe(3);
    expect(h.queued.map((q) => q.count)).toEqual([100, 100, 100]);
    expect(h.bus.deadLetters).toHaveLength(0);
  });

  it("fails the batch when the store write fails, so it is redelivered, not dropped", async () => {
    let failures = 1;
    const h = await harness({
      maxAttempts: 2,
      deliveriesVia: (store) => ({
        enqueueMany: async (items, nowMs) => {
          if (failures-- > 0) throw new Error("store unavailable");
          return store.enqueueMany(items, nowMs);
        },
      }),
    });
    await h.bus.publish([
      event(InboundMessageReceivedEvent, { key: "k", tenantId: A.tenantId, data: anInboundText("wamid.1") }),
      event(InboundMessageReceivedEvent, { key: "k", tenantId: A.tenantId, data: anInboundText("wamid.2") }),
    ]);
    expect(h.calls.deliveries.calls()).toBe(2);
    expect(
      h.store
        .all()
        .map((d) => d.deliveryId)
        .sort(),
    ).toEqual(["msg:wamid.1", "msg:wamid.2"]);
    expect(h.queued).toEqual([{ scope: A, count: 2 }]);
    expect(h.bus.deadLetters).toHaveLength(0);
  });

  it("dead-letters, never silently drops, a batch whose store write keeps failing", async () => {
    const h = await harness({
      deliveriesVia: () => ({
        enqueueMany: async () => {
          throw new Error("store unavailable");
        },
      }),
    });
    await h.bus.publish([
      event(InboundMessageReceivedEvent, { key: "k", tenantId: A.tenantId, data: anInboundText("wamid.1") }),
    ]);
    expect(h.queued).toEqual([]);
    expect(h.bus.deadLetters).toHaveLength(1);
  });
});
