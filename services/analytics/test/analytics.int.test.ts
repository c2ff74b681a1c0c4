// The analytics service against the real Kafka and MongoDB-wire server: thread events (with
// redeliveries) for two tenants become exact per-minute rollups, readable over gRPC only by their
// own tenant, and published as absolute counts on the public rollup stream.
import { credentials } from "@grpc/grpc-js";
import {
  AppError,
  callUnary,
  connectMongo,
  createKafkaEventBus,
  createLogger,
  type EventBus,
  event,
  type OutgoingEvent,
  type RunningGrpcServer,
  type SubscriptionHandle,
  startGrpcServer,
  type TenantScope,
} from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageVolumeRolledUpEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import {
  AnalyticsServiceClient,
  AnalyticsServiceService,
  type GetMessageVolumeResponse,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { MessageVolumeRolledUp } from "@switchboard/proto/gen/switchboard/events/v1/analytics";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busRollupPublisher } from "../src/events/rollup-publisher.ts";
import { threadEventHandlers } from "../src/events/thread-event-handlers.ts";
import { analyticsGrpc } from "../src/grpc/analytics-grpc.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";

const servers = testServers();
const prefix = `${uniqueName("analytics")}.`;
const logger = createLogger({ service: "analytics-test", level: "warn" });
const T0 = Date.UTC(2025, 5, 1, 12, 0);
const tenantA: TenantScope = { tenantId: "tenant-a", businessId: "" };
const tenantB: TenantScope = { tenantId: "tenant-b", businessId: "" };

const ref = (tenantId: string, phoneNumberId: string) => ({
  tenantId,
  businessId: `waba-${tenantId}`,
  phoneNumberId,
  customerId: "c1",
  customerWaId: "1555",
});

const outbound = (tenantId: string, phoneNumberId: string, messageId: string, atMs: number): OutgoingEvent =>
  event(OutboundMessageAcceptedEvent, {
    key: `${tenantId}/${phoneNumberId}/c1`,
    tenantId,
    data: {
      thread: ref(tenantId, phoneNumberId),
      messageId,
      type: "text",
      bodyJson: "{}",
      contextMessageId: "",
      bizOpaqueCallbackData: "",
      acceptedAtMs: atMs,
      hosting: undefined,
    },
  });

const inbound = (tenantId: string, phoneNumberId: string, messageId: string, atMs: number): OutgoingEvent =>
  event(InboundMessageReceivedEvent, {
    key: `${tenantId}/${phoneNumberId}/c1`,
    tenantId,
    data: {
      thread: ref(tenantId, phoneNumberId),
      messageId,
      type: "text",
      messageJson: "{}",
      contactJson: "",
      sentAtMs: atMs,
      receivedAtMs: atMs,
      hosting: undefined,
    },
  });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("analytics service", () => {
  let mongo: Connection;
  let bus: EventBus;
  let subscription: SubscriptionHandle;
  let grpc: RunningGrpcServer;
  let client: AnalyticsServiceClient;

  const volume = (scope: TenantScope, fromMs = T0, toMs = T0 + 10 * 60_000, phoneNumberId = "") =>
    callUnary<Parameters<AnalyticsServiceClient["getMessageVolume"]>[0], GetMessageVolumeResponse>(
      "AnalyticsService/GetMessageVolume",
      client.getMessageVolume.bind(client),
      { phoneNumberId, fromMs, toMs },
      { scope },
    );

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("analytics") });
    bus = await createKafkaEventBus({
      brokers: servers.kafkaBrokers,
      clientId: "analytics-test",
      source: "/switchboard/analytics-test",
      topicPrefix: prefix,
      partitions: 3,
      logger,
    });
    const store = await createMongoVolumeStore(mongo);
    subscription = await bus.subscribe({
      groupId: `${prefix}analytics`,
      handlers: threadEventHandlers({ store, publisher: busRollupPublisher(bus), partitions: 3 }),
    });
    grpc = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [
        {
          name: "switchboard.analytics.v1.AnalyticsService",
          definition: AnalyticsServiceService,
          implementation: analyticsGrpc(store, logger),
        },
      ],
    });
    client = new AnalyticsServiceClient(`127.0.0.1:${grpc.port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await grpc?.drain(1_000);
    await subscription?.stop();
    await bus?.close();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it("counts redelivered messages once, per tenant, and publishes absolute rollups", async () => {
    await bus.publish([
      // Tenant A, phone p1, first minute: 3 distinct outbound (m2 delivered twice), 2 inbound (i1 twice).
      outbound("tenant-a", "p1", "wamid.a1", T0 + 1_000),
      outbound("tenant-a", "p1", "wamid.a2", T0 + 2_000),
      outbound("tenant-a", "p1", "wamid.a2", T0 + 2_000),
      outbound("tenant-a", "p1", "wamid.a3", T0 + 59_999),
      inbound("tenant-a", "p1", "wamid.i1", T0 + 3_000),
      inbound("tenant-a", "p1", "wamid.i1", T0 + 3_000),
      inbound("tenant-a", "p1", "wamid.i2", T0 + 4_000),
      // Tenant A, second minute and a second phone number.
      outbound("tenant-a", "p1", "wamid.a4", T0 + 60_000),
      outbound("tenant-a", "p2", "wamid.a5", T0 + 5_000),
      // Tenant B reuses A's phone number id and a message id: still separate.
      outbound("tenant-b", "p1", "wamid.a1", T0 + 1_000),
      outbound("tenant-b", "p1", "wamid.a1", T0 + 1_000),
    ]);
    // A redelivery later, after the first counts were made.
    await bus.publish([outbound("tenant-a", "p1", "wamid.a3", T0 + 59_999)]);

    const a = await eventually(
      () => volume(tenantA),
      (r) => r.totalOutbound === 5 && r.totalInbound === 2,
    );
    expect(a.buckets).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 2 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 3 },
      { phoneNumberId: "p2", direction: "outbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0 + 60_000, count: 1 },
    ]);
    expect({ inbound: a.totalInbound, outbound: a.totalOutbound }).toEqual({ inbound: 2, outbound: 5 });

    const b = await eventually(
      () => volume(tenantB),
      (r) => r.totalOutbound === 1,
    );
    expect(b).toEqual({
      buckets: [{ phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 1 }],
      totalInbound: 0,
      totalOutbound: 1,
    });

    // Filters: one phone number, and a range that starts at the second minute.
    expect((await volume(tenantA, T0, T0 + 10 * 60_000, "p2")).buckets).toHaveLength(1);
    expect((await volume(tenantA, T0 + 60_000)).totalOutbound).toBe(1);
    // A tenant that sent nothing sees nothing.
    expect(await volume({ tenantId: "tenant-c", businessId: "" })).toEqual({
      buckets: [],
      totalInbound: 0,
      totalOutbound: 0,
    });

    // The public stream carries every rollup; the highest value per key is the exact count.
    const latest = await readRollupStream(
      (latestByKey) =>
        latestByKey.get(`tenant-a/p1/outbound/${T0}`)?.count === 3 &&
        latestByKey.get(`tenant-b/p1/outbound/${T0}`)?.count === 1,
    );
    expect(latest.get(`tenant-a/p1/outbound/${T0}`)).toMatchObject({ tenantId: "tenant-a", count: 3 });
    expect(latest.get(`tenant-a/p1/inbound/${T0}`)).toMatchObject({ tenantId: "tenant-a", count: 2 });
    expect(latest.get(`tenant-a/p2/outbound/${T0}`)?.count).toBe(1);
    expect(latest.get(`tenant-a/p1/outbound/${T0 + 60_000}`)?.count).toBe(1);
    expect(latest.get(`tenant-b/p1/outbound/${T0}`)).toMatchObject({ tenantId: "tenant-b", count: 1 });
    expect(latest.size).toBe(5);
  });

  it("refuses an empty, reversed or over-long range as INVALID_ARGUMENT", async () => {
    for (const [from, to] of [
      [T0, T0],
      [T0 + 1, T0],
      [T0, T0 + 32 * 24 * 60 * 60_000],
    ] as const) {
      const error = await volume(tenantA, from, to).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_argument");
    }
  });
});

/** Reads the rollup topic from the beginning until `done` holds for the highest value per key. */
async function readRollupStream(
  done: (latestByKey: ReadonlyMap<string, MessageVolumeRolledUp>) => boolean,
): Promise<Map<string, MessageVolumeRolledUp>> {
  const kafka = new kafkajs.Kafka({
    clientId: "rollup-reader",
    brokers: servers.kafkaBrokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const reader = kafka.consumer({ groupId: `${prefix}rollup-reader` });
  const latest = new Map<string, MessageVolumeRolledUp>();
  await reader.connect();
  try {
    await reader.subscribe({ topics: [`${prefix}${MessageVolumeRolledUpEvent.topic}`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const rollup = MessageVolumeRolledUp.decode(message.value ?? Buffer.alloc(0));
        const key = message.key?.toString() ?? "";
        // Counts only rise, but two partitions' consumers may publish one bucket's values in
        // either order, so a reader keeps the highest value per key.
        if ((latest.get(key)?.count ?? -1) < rollup.count) latest.set(key, rollup);
      },
    });
    await eventually(
      async () => latest,
      (m) => done(m),
    );
  } finally {
    await reader.disconnect();
  }
  return latest;
}
