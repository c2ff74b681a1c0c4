import { createInMemoryEventBus, createLogger, event } from "@switchboard/kit";
import { InboundMessageReceivedEvent, MessageStatusChangedEvent, SystemMessageAddedEvent } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { createInMemoryDeliveryStore } from "../../test/support/in-memory-delivery-store.ts";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { anInboundText, aStatusChanged, aSystemAdded, aThreadRef } from "../../test/support/webhook-event-fixtures.ts";
import type { PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import { businessWebhookHandlers } from "./delivery-intake.ts";

const A = { tenantId: "tn_a", businessId: "419561257915477" };
const number: PhoneNumberRecord = {
  ...A,
  phoneNumberId: "106540352242922",
  displayPhoneNumber: "+1 555-078-3881",
  hostingMode: "cloud",
  processors: ["business", "meta"],
  catalogId: "",
};

async function harness() {
  const bus = createInMemoryEventBus();
  const deliveries = createInMemoryDeliveryStore();
  const subscriptions = createInMemorySubscriptionStore();
  await subscriptions.put(A, {
    callbackUrl: "https://a",
    verifyToken: "v",
    appSecret: "s",
    createdAtMs: 0,
    updatedAtMs: 0,
  });
  let wakes = 0;
  await bus.subscribe({
    groupId: "ingress-business-webhooks",
    maxAttempts: 1,
    handlers: businessWebhookHandlers({
      deliveries,
      subscriptions,
      phoneNumbers: {
        phoneNumber: async (caller, id) =>
          caller.tenantId === number.tenantId && caller.businessId === number.businessId && id === number.phoneNumberId
            ? number
            : undefined,
      },
      clock: () => 5_000,
      queued: () => void wakes++,
      logger: createLogger({ service: "test", level: "silent" }),
    }),
  });
  return { bus, deliveries, wakes: () => wakes };
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
    const queued = h.deliveries.all();
    expect(queued.map((d) => d.deliveryId).sort()).toEqual([
      "msg:wamid.1",
      "msg:wamid.3",
      "status:wamid.2:delivered",
      "status:wamid.2:read",
    ]);
    expect(h.wakes()).toBe(4);
    expect(queued.every((d) => d.tenantId === A.tenantId && d.state === "pending" && d.nextAttemptAtMs === 5_000)).toBe(
      true,
    );
    const change = JSON.parse(queued[0]?.changeJson ?? "{}");
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
    ]);
    expect(h.deliveries.all()).toEqual([]);
    expect(h.bus.deadLetters).toHaveLength(0);
  });
});
