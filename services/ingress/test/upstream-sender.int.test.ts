// The upstream sender against the real Kafka broker: an OutboundMessageReadyToSend event is
// consumed by group `ingress-upstream`, sent through the simulator, and its sent, delivered and
// read MessageStatusReceived events appear on the thread topic, in that order; a redelivered
// event is not sent again (the record of what left is in the MongoDB-wire store); a product_list
// message is answered by the simulated customer's `order` as an InboundMessageReceived event.
import {
  connectMongo,
  createKafkaEventBus,
  createLogger,
  EventHandlers,
  event,
  type SubscriptionHandle,
} from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { createFakeCommerce } from "./support/fake-commerce.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

describe("upstream sender against Kafka", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("upsend", { source: "/switchboard/ingress", partitions: 2, logger });
  let mongo: Connection;
  let observer: SubscriptionHandle;
  let sender: SubscriptionHandle;
  const statuses: { messageId: string; status: string; tenantId: string; callback: string; eventId: string }[] = [];
  const inbound: { type: string; tenantId: string; messageJson: string }[] = [];

  beforeAll(async () => {
    const { bus, prefix } = kafka;
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
    const database = uniqueName("ingress_upsend");
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
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
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    // The record of what left is the service's own, in the MongoDB-wire store.
    // The simulated customer orders only what the business's catalog lists, at its prices.
    const commerce = createFakeCommerce();
    for (const [retailerId, priceMinor] of CATALOG) {
      await commerce.createProduct(
        { tenantId: thread.tenantId, businessId: thread.businessId },
        Product.fromPartial({ catalogId: CATALOG_ID, retailerId, name: retailerId, priceMinor, currency: "USD" }),
      );
    }
    const { service } = await buildTestIngress({ mongo, bus, logger }, config, { commerce });
    sender = await service.workers.upstreamSender.start();
  });

  afterAll(async () => {
    await sender?.stop();
    await observer?.stop();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const CATALOG_ID = "700100200300";
  const CATALOG = new Map([
    ["sku-int-a", 1250],
    ["sku-int-b", 399],
    ["sku-int-c", 10_000],
  ]);
  const thread = {
    tenantId: "tenant-send",
    businessId: "200000000000001",
    phoneNumberId: "100000000000001",
    customerId: "15557770001",
    customerWaId: "15557770001",
  };
  const textBody = { messaging_product: "whatsapp", to: "15557770001", text: { body: "hi" } };
  const readyToSend = (messageId: string, type = "text", body: unknown = textBody) =>
    kafka.bus.publish([
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
    const listed = [...CATALOG.keys()];
    await readyToSend("wamid.int-send-3", "interactive", {
      messaging_product: "whatsapp",
      to: "15557770001",
      type: "interactive",
      interactive: {
        type: "product_list",
        header: { type: "text", text: "Coffee" },
        body: { text: "Pick" },
        action: {
          catalog_id: CATALOG_ID,
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
      order: {
        catalog_id: string;
        product_items: { product_retailer_id: string; quantity: number; item_price: number; currency: string }[];
      };
    };
    expect(message.type).toBe("order");
    expect(message.order.catalog_id).toBe(CATALOG_ID);
    expect(message.order.product_items.length).toBeGreaterThanOrEqual(1);
    for (const item of message.order.product_items) {
      expect(listed).toContain(item.product_retailer_id);
      expect(item.quantity).toBeGreaterThanOrEqual(1);
      // At the catalog's price, in major units.
      expect(item.item_price).toBe((CATALOG.get(item.product_retailer_id) ?? 0) / 100);
      expect(item.currency).toBe("USD");
    }
    // The text messages of the other tests were never answered (reply rate 0, no products).
    expect(inbound).toHaveLength(1);
  });

  it("never sends a ready-to-send record written straight to the topic without proof of origin", async () => {
    // Someone who reaches the broker writes a well-formed record for another tenant's number,
    // with a Kafka client of their own: everything right but the proof of origin, which they lack.
    const victim = { ...thread, tenantId: "tenant-victim", phoneNumberId: "100000000000999" };
    const forger = await createKafkaEventBus({
      brokers: servers.kafkaBrokers,
      clientId: "forger",
      source: "/switchboard/conversation",
      topicPrefix: kafka.prefix,
      partitions: 2,
      logger,
    });
    await forger.publish([
      event(OutboundMessageReadyToSendEvent, {
        key: threadKey(thread),
        tenantId: victim.tenantId,
        data: {
          thread: victim,
          messageId: "wamid.int-forged",
          type: "text",
          bodyJson: JSON.stringify(textBody),
          bizOpaqueCallbackData: "",
          hosting: undefined,
        },
      }),
    ]);
    await forger.close();
    // A genuine message after it on the same thread (same partition): once it is read, the
    // forged record before it was long since consumed.
    await readyToSend("wamid.int-send-4");
    await eventually(
      () => expect(statuses.some((s) => s.messageId === "wamid.int-send-4" && s.status === "read")).toBe(true),
      60_000,
    );
    expect(statuses.filter((s) => s.messageId === "wamid.int-forged" || s.tenantId === "tenant-victim")).toEqual([]);
  });
});
