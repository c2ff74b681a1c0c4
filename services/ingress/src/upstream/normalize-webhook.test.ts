// Every webhook example of Meta's spec, rewritten as the project's own fixtures, through the
// whole ingest path with in-memory adapters: which events each body produces, how customers are
// keyed, that unknown fields survive, and that nothing is dropped.
import { createInMemoryEventBus, createLogger } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  threadKey,
  UpstreamNotificationReceivedEvent,
} from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { decoded } from "../../test/support/decoded-records.ts";
import { createFakeUpstreamRouting } from "../../test/support/fake-upstream-routing.ts";
import { createInMemoryUpstreamDedupe } from "../../test/support/in-memory-upstream-dedupe.ts";
import { createInMemoryUpstreamMessageIds } from "../../test/support/in-memory-upstream-message-ids.ts";
import { fixtureBytes, fixtureNames, HOSTED_NUMBER } from "../../test/support/upstream-fixtures.ts";
import { createClaimsInFlight } from "./claims-in-flight.ts";
import { ingestWebhook } from "./ingest-webhook.ts";
import { parseWebhookBody } from "./webhook-payload.ts";

const INBOUND = InboundMessageReceivedEvent.type;
const STATUS = MessageStatusReceivedEvent.type;
const IDENTITY = CustomerIdentityChangedEvent.type;
const NOTICE = UpstreamNotificationReceivedEvent.type;
const RECEIVED_AT = 1_770_000_000_000;
const CUSTOMER = "15557770001";

/** Per fixture: the event types it yields, in order, and the inbound message type if any. */
const EXPECTED: Record<string, { types: string[]; messageType?: string; field?: string }> = {
  "account-update": { types: [NOTICE], field: "account_update" },
  "button-message": { types: [INBOUND], messageType: "button" },
  "contact-sharing-message": { types: [INBOUND], messageType: "contacts" },
  "errors-notification": { types: [NOTICE], field: "errors" },
  "group-create-message": { types: [NOTICE], field: "group_lifecycle_update" },
  "group-remove-participants": { types: [NOTICE], field: "group_participants_update" },
  "group-settings-update": { types: [NOTICE], field: "group_settings_update" },
  "image-message": { types: [INBOUND], messageType: "image" },
  "interactive-button-reply-message": { types: [INBOUND], messageType: "interactive" },
  "interactive-list-reply-message": { types: [INBOUND], messageType: "interactive" },
  "location-message": { types: [INBOUND], messageType: "location" },
  "mixed-known-and-unknown-number": { types: [INBOUND], messageType: "text" },
  "order-message": { types: [INBOUND], messageType: "order" },
  "reaction-message": { types: [INBOUND], messageType: "reaction" },
  "status-delivered": { types: [STATUS] },
  "status-failed": { types: [STATUS] },
  "status-group-participant": { types: [STATUS] },
  "status-read": { types: [STATUS] },
  "status-sent": { types: [STATUS] },
  "system-message": { types: [INBOUND, IDENTITY], messageType: "system" },
  "template-status-update": { types: [NOTICE], field: "message_template_status_update" },
  "text-message": { types: [INBOUND], messageType: "text" },
  "text-message-bsuid": { types: [INBOUND, IDENTITY], messageType: "text" },
  "text-message-from-click-to-whatsapp-ad": { types: [INBOUND], messageType: "text" },
  "text-message-username-only": { types: [INBOUND], messageType: "text" },
  "text-message-with-context-product-inquiry": { types: [INBOUND], messageType: "text" },
  "text-message-with-unknown-fields": { types: [INBOUND], messageType: "hologram" },
  "unsupported-message": { types: [INBOUND], messageType: "unsupported" },
};

async function ingest(name: string) {
  const bus = createInMemoryEventBus();
  const counted: number[] = [];
  const report = await ingestWebhook(parseWebhookBody(fixtureBytes(name)), {
    routing: createFakeUpstreamRouting([HOSTED_NUMBER]),
    dedupe: createInMemoryUpstreamDedupe(),
    claimsInFlight: createClaimsInFlight(),
    confirmations: { confirm: async () => {} }, // normalization only: claims stay provisional
    messageIds: createInMemoryUpstreamMessageIds(),
    bus,
    publishTimeoutMs: 1_000,
    claimTakeoverMarginMs: 1_000,
    logger: createLogger({ service: "test", level: "silent" }),
    countUnroutable: (n) => counted.push(n),
    now: () => RECEIVED_AT,
  });
  return { events: decoded(bus), report, counted };
}

const messageOf = (data: Record<string, unknown>) => JSON.parse(String(data.messageJson)) as Record<string, unknown>;
const rawMessageOf = (name: string) =>
  (JSON.parse(fixtureBytes(name).toString()) as { entry: { changes: { value: { messages: unknown[] } }[] }[] }).entry[0]
    ?.changes[0]?.value.messages[0];

describe("normalizing every upstream webhook fixture", () => {
  it("has an expectation for every fixture file, and a fixture for every expectation", () => {
    expect(fixtureNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} → ${expected.types.map((t) => t.split(".").slice(-3, -1).join(".")).join(", ")}`, async () => {
      const { events } = await ingest(name);
      expect(events.map((e) => e.type)).toEqual(expected.types);
      for (const e of events) expect(e.tenantId).toBe(HOSTED_NUMBER.tenantId);
      const inbound = events.find((e) => e.type === INBOUND);
      if (expected.messageType) {
        expect(inbound?.data.type).toBe(expected.messageType);
        // The whole upstream message object, exactly as Meta sent it, unknown fields included.
        expect(messageOf(inbound?.data ?? {})).toEqual(rawMessageOf(name));
        expect(inbound?.data.hosting).toEqual({
          hostingMode: "bsp",
          encryptionState: "provider_accessible",
          processors: ["business", "meta", "bsp:acme"],
        });
        expect(inbound?.data.receivedAtMs).toBe(RECEIVED_AT);
      }
      if (expected.field) expect(events[0]?.data.field).toBe(expected.field);
    });
  }
});

describe("what the events carry", () => {
  it("keys an inbound message by wa_id on the thread of the hosted number, with Meta's timestamp", async () => {
    const { events } = await ingest("text-message");
    const thread = {
      tenantId: "tn_upstream",
      businessId: "200000000000001",
      phoneNumberId: "100000000000001",
      customerId: CUSTOMER,
      customerWaId: CUSTOMER,
    };
    expect(events[0]?.data).toMatchObject({ thread, messageId: "wamid.SB-in-text-0001", sentAtMs: 1_760_000_001_000 });
    expect(events[0]?.key).toBe(threadKey(thread));
    const contact = JSON.parse(String(events[0]?.data.contactJson)) as { profile?: { name?: string }; wa_id?: string };
    expect(contact.wa_id).toBe(CUSTOMER);
    expect(contact.profile?.name).toBeTruthy();
  });

  it("keeps fields nobody has defined yet in message_json", async () => {
    const { events } = await ingest("text-message-with-unknown-fields");
    expect(messageOf(events[0]?.data ?? {})).toMatchObject({
      type: "hologram",
      hologram: { frames: 3, codec: "sb-future" },
      x_future_flag: true,
    });
  });

  it("keys customers by business-scoped user id when Meta sends one, and links the wa_id thread to it", async () => {
    const { events } = await ingest("text-message-bsuid");
    expect(events[0]?.data.thread).toMatchObject({ customerId: "US.1000000000000000004", customerWaId: "15557770004" });
    expect(events[1]?.data).toMatchObject({
      thread: { customerId: "15557770004", customerWaId: "15557770004" },
      newCustomerId: "US.1000000000000000004",
      newCustomerWaId: "15557770004",
    });
  });

  it("keys a customer without a phone number by user id alone", async () => {
    const { events } = await ingest("text-message-username-only");
    expect(events[0]?.data.thread).toMatchObject({ customerId: "US.1000000000000000005", customerWaId: "" });
  });

  it("turns user_changed_number into an identity change from the old to the new number", async () => {
    const { events } = await ingest("system-message");
    expect(events[1]?.data).toMatchObject({
      thread: { customerId: CUSTOMER, customerWaId: CUSTOMER },
      newCustomerId: "15557770002",
      newCustomerWaId: "15557770002",
      changedAtMs: 1_760_000_013_000,
    });
  });

  it("carries the product a message asks about (context.referred_product), and none otherwise", async () => {
    const inquiry = (await ingest("text-message-with-context-product-inquiry")).events[0]?.data;
    expect(inquiry).toMatchObject({
      referredProduct: { catalogId: "300000000000001", productRetailerId: "mug-blue" },
    });
    expect((await ingest("text-message")).events[0]?.data).toMatchObject({ referredProduct: undefined });
  });

  it("carries status, time and callback data, and Meta's errors for a failed status", async () => {
    const sent = (await ingest("status-sent")).events[0]?.data;
    expect(sent).toMatchObject({
      messageId: "wamid.SB-out-0100",
      status: "sent",
      statusAtMs: 1_760_000_100_000,
      bizOpaqueCallbackData: "order-77",
      errorsJson: "",
      thread: { customerId: CUSTOMER },
    });
    const failed = (await ingest("status-failed")).events[0]?.data;
    expect(failed?.status).toBe("failed");
    expect(JSON.parse(String(failed?.errorsJson))).toEqual([
      expect.objectContaining({ code: 131026, title: "Message undeliverable" }),
    ]);
  });

  it("names the business's own message id in statuses of messages sent through the Cloud API", async () => {
    const messageIds = createInMemoryUpstreamMessageIds();
    await messageIds.rememberSent(HOSTED_NUMBER.tenantId, [
      { upstreamId: "wamid.SB-out-0100", messageId: "wamid.ours-0100" },
    ]);
    await messageIds.rememberSent("another-tenant", [{ upstreamId: "wamid.SB-out-0100", messageId: "wamid.not-ours" }]);
    const bus = createInMemoryEventBus();
    await ingestWebhook(parseWebhookBody(fixtureBytes("status-delivered")), {
      routing: createFakeUpstreamRouting([HOSTED_NUMBER]),
      dedupe: createInMemoryUpstreamDedupe(),
      claimsInFlight: createClaimsInFlight(),
      confirmations: { confirm: async () => {} }, // normalization only: claims stay provisional
      messageIds,
      bus,
      publishTimeoutMs: 1_000,
      claimTakeoverMarginMs: 1_000,
      logger: createLogger({ service: "test", level: "silent" }),
      countUnroutable: () => {},
    });
    expect(decoded(bus).map((e) => e.data.messageId)).toEqual(["wamid.ours-0100"]);
  });

  it("keeps the whole value of notifications, routing account-level ones by business account", async () => {
    const account = (await ingest("account-update")).events[0];
    expect(account?.key).toBe("200000000000001");
    expect(account?.data).toMatchObject({ businessId: "200000000000001", phoneNumberId: "", field: "account_update" });
    expect(JSON.parse(String(account?.data.valueJson))).toEqual({
      phone_number: "15550100001",
      event: "VERIFIED_ACCOUNT",
    });
    const group = (await ingest("group-create-message")).events[0];
    expect(JSON.parse(String(group?.data.valueJson)).groups[0].added_participants).toHaveLength(2);
  });

  it("publishes changes for hosted numbers and counts, without publishing, changes for others", async () => {
    const { events, report, counted } = await ingest("mixed-known-and-unknown-number");
    expect(events.map((e) => e.data.messageId)).toEqual(["wamid.SB-in-mixed-0023"]);
    expect(report).toEqual({ published: 1, duplicates: 0, unroutable: 1 });
    expect(counted).toEqual([1]);
  });

  it("keeps a message it cannot attribute to a customer as a notification instead of dropping it", async () => {
    const body = Buffer.from(
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "200000000000001",
            changes: [
              {
                field: "messages",
                value: {
                  metadata: { phone_number_id: "100000000000001" },
                  messages: [{ id: "wamid.x", type: "text" }],
                },
              },
            ],
          },
        ],
      }),
    );
    const bus = createInMemoryEventBus();
    await ingestWebhook(parseWebhookBody(body), {
      routing: createFakeUpstreamRouting([HOSTED_NUMBER]),
      dedupe: createInMemoryUpstreamDedupe(),
      claimsInFlight: createClaimsInFlight(),
      confirmations: { confirm: async () => {} }, // normalization only: claims stay provisional
      messageIds: createInMemoryUpstreamMessageIds(),
      bus,
      publishTimeoutMs: 1_000,
      claimTakeoverMarginMs: 1_000,
      logger: createLogger({ service: "test", level: "silent" }),
      countUnroutable: () => {},
    });
    expect(decoded(bus).map((e) => [e.type, e.data.field])).toEqual([[NOTICE, "messages"]]);
  });
});
