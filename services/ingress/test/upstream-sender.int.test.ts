// The upstream sender against the real Kafka broker: an OutboundMessageReadyToSend event is
// consumed by group `ingress-upstream`, sent through the simulator, and its sent, delivered and
// read MessageStatusReceived events appear on the thread topic, in that order; a redelivered
// event is not sent again (the record of what left is in the MongoDB-wire store); a product_list
// message is answered by the simulated customer's `order` as an InboundMessageReceived event.
import {
  connectMongo,
  createKafkaEventBus,
  createLogger,
  type EventBus,
  EventHandlers,
  event,
  type SubscriptionHandle,
} from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoUpstreamMessageIds } from "../src/upstream/mongo-upstream-message-ids.ts";
import { type RunningUpstreamSender, startUpstreamSender } from "../src/upstream-channel/start-upstream-sender.ts";
import { upstreamConfigSchema } from "../src/upstream-channel/upstream-config.ts";

describe("upstream sender against Kafka", () => {
  const servers = testServers();
  let bus: EventBus;
  let mongo: Connection;
  let observer: SubscriptionHandle;
  let sender: RunningUpstreamSender;
  const statuses: { messageId: string; status: string; tenantId: string; callback: string; eventId: string }[] = [];
  const inbound: { type: string; tenantId: string; messageJson: string }[] = [];

  beforeAll(async () => {
    const logger = createLogger({ service: "ingress-test", level: "warn" });
    const prefix = `${uniqueName("upsend")}.`;
    bus = await createKafkaEventBus({
      brokers: servers.kafkaBrokers,
      clientId: "ingress-upstream-sender-test",
      source: "/switchboard/ingress",
      topicPrefix: prefix,
      partitions: 2,
      logger,
    });
    observer = await bus.subscribe({
      groupId: `${prefix}observer`,
      handlers: new EventHandlers()
        .on(MessageStatusReceivedEvent, async (e) => {
          statuses.push({
            eventId: e.id,
            messageId: e.data.messageId,
            status: e.data.status,
            tenantId: e.tenantId,
            callback: e.data.bizOpaqueCallbackData,
          });
        })
        .on(InboundMessageReceivedEvent, async (e) => {
          inbound.push({ type: e.data.type, tenantId: e.tenantId, messageJson: e.data.messageJson });
        }),
    });
    const config = upstreamConfigSchema.parse({
      UPSTREAM_CHANNEL: "simulator",
      UPSTREAM_CONSUMER_GROUP: `${prefix}ingress-upstream`,
      UPSTREAM_SIMULATOR_SEED: "11",
      UPSTREAM_SIMULATOR_FAILURE_RATE: "0",
      UPSTREAM_SIMULATOR_READ_RATE: "1",
      UPSTREAM_SIMULATOR_REPLY_RATE: "0",
      // Only product messages can be ordered from: the text messages below get no reply at all.
      UPSTREAM_SIMULATOR_ORDER_RATE: "1",
      // Realistic delays scaled down 20×: delivered within ~125 ms, read within ~900 ms.
      UPSTREAM_SIMULATOR_DELAY_SCALE: "0.05",
    });
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingress_upsend") });
    const messageIds = await createMongoUpstreamMessageIds(mongo);
    sender = await startUpstreamSender({ config, bus, logger, messageIds });
  });

  afterAll(async () => {
    await sender?.stop();
    await observer?.stop();
    await bus?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const thread = {
    tenantId: "tenant-send",
    businessId: "200000000000001",
    phoneNumberId: "100000000000001",
    customerId: "15557770001",
    customerWaId: "15557770001",
  };
  const textBody = { messaging_product: "whatsapp", to: "15557770001", text: { body: "hi" } };
  const readyToSend = (messageId: string, type = "text", body: unknown = textBody) =>
    bus.publish([
      event(OutboundMessageReadyToSendEvent, {
        key: threadKey(thread),
        tenantId: thread.tenantId,
        data: {
          thread,
          messageId,
          type,
          bodyJson: JSON.stringify(body),
          bizOpaqueCallbackData: "cb-int",
          hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
        },
      }),
    ]);

  it("sends a ready-to-send message through the simulator and publishes sent, delivered, read", async () => {
    await readyToSend("wamid.int-send-1");
    await eventually(() => expect(statuses).toHaveLength(3), 60_000);
    expect(statuses.map(({ eventId: _, ...rest }) => rest)).toEqual(
      ["sent", "delivered", "read"].map((status) => ({
        messageId: "wamid.int-send-1",
        status,
        tenantId: "tenant-send",
        callback: "cb-int",
      })),
    );
  });

  it("does not send a redelivered message again: only its sent status is repeated, same event id", async () => {
    await eventually(() => expect(statuses.filter((s) => s.messageId === "wamid.int-send-1")).toHaveLength(3), 60_000);
    await readyToSend("wamid.int-send-1");
    // A later message on the same thread: once its read is seen, the simulator has long had time
    // to report anything a second send of the first message would have caused.
    await readyToSend("wamid.int-send-2");
    await eventually(
      () => expect(statuses.some((s) => s.messageId === "wamid.int-send-2" && s.status === "read")).toBe(true),
      60_000,
    );
    const first = statuses.filter((s) => s.messageId === "wamid.int-send-1");
    expect(first.map((s) => s.status)).toEqual(["sent", "delivered", "read", "sent"]);
    expect(first[3]?.eventId).toBe(first[0]?.eventId);
  });

  it("answers a product_list message with an order for listed products, published as InboundMessageReceived", async () => {
    const listed = ["sku-int-a", "sku-int-b", "sku-int-c"];
    await readyToSend("wamid.int-send-3", "interactive", {
      messaging_product: "whatsapp",
      to: "15557770001",
      type: "interactive",
      interactive: {
        type: "product_list",
        header: { type: "text", text: "Coffee" },
        body: { text: "Pick" },
        action: {
          catalog_id: "700100200300",
          sections: [{ title: "Beans", product_items: listed.map((id) => ({ product_retailer_id: id })) }],
        },
      },
    });
    const [order] = await eventually(() => {
      const found = inbound.filter((m) => m.type === "order");
      expect(found).toHaveLength(1);
      return found;
    }, 60_000);
    expect(order?.tenantId).toBe("tenant-send");
    const message = JSON.parse(order?.messageJson ?? "{}") as {
      type: string;
      order: { catalog_id: string; product_items: { product_retailer_id: string; quantity: number }[] };
    };
    expect(message.type).toBe("order");
    expect(message.order.catalog_id).toBe("700100200300");
    expect(message.order.product_items.length).toBeGreaterThanOrEqual(1);
    for (const item of message.order.product_items) {
      expect(listed).toContain(item.product_retailer_id);
      expect(item.quantity).toBeGreaterThanOrEqual(1);
    }
    // The text messages of the other tests were never answered (reply rate 0, no products).
    expect(inbound).toHaveLength(1);
  });
});
