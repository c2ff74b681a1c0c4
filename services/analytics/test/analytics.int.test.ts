// The analytics service against the real Kafka and MongoDB-wire server, built by the same
// builder main.ts uses: thread events (with second copies) for two tenants become rollups,
// readable over gRPC only by their own tenant and business — GetMessageVolume, QueryVolumes by
// hosting mode and pricing category, WatchVolumes live — and published as JSON on the public stream.
import { Metadata } from "@grpc/grpc-js";
import {
  AppError,
  callUnary,
  connectMongo,
  createLogger,
  type RunningGrpcServer,
  startGrpcServer,
  type TenantScope,
} from "@switchboard/kit";
import { openTestClient, testServerSecurity, useKafkaTestBus } from "@switchboard/kit/testing";
import { MESSAGE_VOLUME_TOPIC } from "@switchboard/proto";
import {
  AnalyticsServiceClient,
  AnalyticsServiceService,
  type GetMessageVolumeResponse,
  type QueryVolumesRequest,
  type QueryVolumesResponse,
  type VolumeChange,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalyticsService, startAnalyticsService } from "../src/analytics-service.ts";
import { COUNTED_TOPICS } from "../src/events/observation-of.ts";
import { createVolumeHub } from "../src/events/volume-hub.ts";
import { analyticsGrpc } from "../src/grpc/analytics-grpc.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";
import { type EventSpec, T0, threadEvent } from "./support/volume-fixtures.ts";

const servers = testServers();
const logger = createLogger({ service: "analytics-test", level: "warn" });
const suite = useKafkaTestBus("analytics", { source: "/switchboard/analytics-test", logger });
// Tenant-wide readers, as a tenant-wide call must say so.
const tenantA: TenantScope = { tenantId: "tenant-a", businessId: "", allBusinesses: true };
const tenantB: TenantScope = { tenantId: "tenant-b", businessId: "", allBusinesses: true };

const out = (
  tenantId: string,
  phoneNumberId: string,
  messageId: string,
  atMs: number,
  extra: Partial<EventSpec> = {},
) => ({ tenantId, phoneNumberId, kind: "outbound", messageId, atMs, hostingMode: "cloud", ...extra }) as EventSpec;
const inb = (
  tenantId: string,
  phoneNumberId: string,
  messageId: string,
  atMs: number,
  extra: Partial<EventSpec> = {},
) => ({ tenantId, phoneNumberId, kind: "inbound", messageId, atMs, hostingMode: "cloud", ...extra }) as EventSpec;

describe("analytics service", () => {
  let mongo: Connection;
  let service: AnalyticsService;
  let grpc: RunningGrpcServer;
  let client: AnalyticsServiceClient;
  const hub = createVolumeHub();

  const volume = (scope: TenantScope, fromMs = T0, toMs = T0 + 10 * 60_000, phoneNumberId = "") =>
    callUnary<Parameters<AnalyticsServiceClient["getMessageVolume"]>[0], GetMessageVolumeResponse>(
      "AnalyticsService/GetMessageVolume",
      client.getMessageVolume.bind(client),
      { phoneNumberId, fromMs, toMs },
      { scope },
    );
  const query = (scope: TenantScope, request: Partial<QueryVolumesRequest>) =>
    callUnary<QueryVolumesRequest, QueryVolumesResponse>(
      "AnalyticsService/QueryVolumes",
      client.queryVolumes.bind(client),
      {
        fromMs: T0,
        toMs: T0 + 3_600_000,
        granularity: "hour",
        groupBy: [],
        filters: [],
        utcOffsetMinutes: 0,
        ...request,
      },
      { scope },
    );

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("analytics") });
    const store = await createMongoVolumeStore(mongo, { topics: COUNTED_TOPICS, partitions: 3 });
    service = await startAnalyticsService({
      bus: suite.bus,
      store,
      hub,
      consumerGroup: `${suite.prefix}analytics`,
      partitions: 3,
      graceMs: 5 * 60_000,
    });
    grpc = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      services: [
        {
          name: "switchboard.analytics.v1.AnalyticsService",
          definition: AnalyticsServiceService,
          implementation: analyticsGrpc({ store, hub, logger, graceMs: 5 * 60_000 }),
        },
      ],
    });
    client = openTestClient(AnalyticsServiceClient, `127.0.0.1:${grpc.port}`);
  });

  afterAll(async () => {
    client?.close();
    await grpc?.drain(1_000);
    await service?.stop();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it("counts second copies once, per tenant and business, and answers every query shape", {
    timeout: 120_000,
  }, async () => {
    // A watcher of tenant A's on-premises numbers, before anything is counted.
    const metadata = new Metadata();
    metadata.set("x-switchboard-tenant", "tenant-a");
    metadata.set("x-switchboard-business", "");
    metadata.set("x-switchboard-all-businesses", "true");
    const watch = client.watchVolumes({ filters: [{ dimension: "hosting_mode", values: ["on_premises"] }] }, metadata);
    const watched: VolumeChange[] = [];
    watch.on("data", (change: VolumeChange) => watched.push(change));
    watch.on("error", () => undefined);

    await suite.bus.publish(
      [
        out("tenant-a", "p1", "wamid.a1", T0 + 1_000),
        out("tenant-a", "p1", "wamid.a2", T0 + 2_000, { type: "template", category: "marketing" }),
        out("tenant-a", "p1", "wamid.a2", T0 + 2_000, { type: "template", category: "marketing" }),
        inb("tenant-a", "p1", "wamid.i1", T0 + 3_000),
        inb("tenant-a", "p1", "wamid.i1", T0 + 3_000),
        out("tenant-a", "p2", "wamid.a3", T0 + 61_000, { hostingMode: "on_premises", businessId: "waba-other" }),
        // Tenant B reuses A's phone number id and a message id: still separate.
        out("tenant-b", "p1", "wamid.a1", T0 + 1_000),
      ].map(threadEvent),
    );

    const a = await eventually(async () => {
      const r = await volume(tenantA);
      expect(r.totalOutbound).toBe(3);
      return r;
    }, 60_000);
    expect(a.buckets).toEqual([
      { phoneNumberId: "p1", direction: "inbound", bucketStartMs: T0, count: 1 },
      { phoneNumberId: "p1", direction: "outbound", bucketStartMs: T0, count: 2 },
      { phoneNumberId: "p2", direction: "outbound", bucketStartMs: T0 + 60_000, count: 1 },
    ]);
    expect(a.totalInbound).toBe(1);
    const b = await eventually(async () => {
      const r = await volume(tenantB);
      expect(r.totalOutbound).toBe(1);
      return r;
    }, 60_000);
    expect(b.buckets).toHaveLength(1);
    expect(await volume({ tenantId: "tenant-c", businessId: "", allBusinesses: true })).toEqual({
      buckets: [],
      totalInbound: 0,
      totalOutbound: 0,
    });

    const byHosting = await query(tenantA, { groupBy: ["hosting_mode", "pricing_category"] });
    expect(byHosting.rows.map((r) => [r.group, r.measures])).toEqual([
      [{ hosting_mode: "cloud", pricing_category: "marketing" }, { sent: 1 }],
      [
        { hosting_mode: "cloud", pricing_category: "service" },
        { sent: 1, received: 1, unique_customers: 1, windows_opened: 1 },
      ],
      [
        { hosting_mode: "on_premises", pricing_category: "service" },
        { sent: 1, unique_customers: 1 },
      ],
    ]);
    // A business scope sees only its numbers.
    const other = await query({ tenantId: "tenant-a", businessId: "waba-other" }, { groupBy: ["phone_number_id"] });
    expect(other.rows.map((r) => [r.group.phone_number_id, r.measures.sent])).toEqual([["p2", 1]]);

    await eventually(
      () =>
        expect(watched.map((c) => [c.kind, c.dimensions.hosting_mode, c.measures.sent])).toContainEqual([
          "open",
          "on_premises",
          1,
        ]),
      30_000,
    );
    expect(watched.every((c) => c.dimensions.hosting_mode === "on_premises" && c.businessId === "waba-other")).toBe(
      true,
    );
    watch.cancel();

    for (const bad of [{ toMs: T0 }, { groupBy: ["colour"] }, { granularity: "week" }]) {
      const error = await query(tenantA, bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as AppError).code).toBe("invalid_argument");
    }
    expect(await volume(tenantA, T0, T0 + 32 * 24 * 3_600_000).catch((e: unknown) => e)).toBeInstanceOf(AppError);
  });

  it("publishes JSON records a stock consumer reads, with their content type", { timeout: 60_000 }, async () => {
    const kafka = new kafkajs.Kafka({
      clientId: "volume-reader",
      brokers: servers.kafkaBrokers,
      logLevel: kafkajs.logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `${suite.prefix}json-reader` });
    const seen: { contentType: string; value: Record<string, unknown> }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [`${suite.prefix}${MESSAGE_VOLUME_TOPIC}`], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({
            contentType: message.headers?.["content-type"]?.toString() ?? "",
            value: JSON.parse(message.value?.toString() ?? "{}") as Record<string, unknown>,
          });
        },
      });
      await eventually(() => expect(seen.some((s) => s.value.tenant_id === "tenant-b")).toBe(true), 30_000);
    } finally {
      await consumer.disconnect();
    }
    const record = seen.find((s) => s.value.tenant_id === "tenant-b");
    expect(record?.contentType).toBe("application/json");
    expect(record?.value).toMatchObject({
      schema: "switchboard.analytics.message-volume.v1",
      kind: "open",
      business_id: "waba-tenant-b",
      bucket_start: new Date(T0).toISOString(),
      dimensions: {
        phone_number_id: "p1",
        direction: "outbound",
        hosting_mode: "cloud",
        encryption_state: "provider_accessible",
      },
      measures: { sent: 1, customers_day: 1, customers_hour: 1, customers_month: 1 },
    });
  });
});
