// Exactness at volume, Jepsen style, against the real Kafka (3 partitions) and MongoDB-wire
// server, with the analytics service as its own process: publish a randomized mix of 20,000
// thread and order events (3 tenants × 2 businesses × 2 numbers × 20 customers, every message
// type, hosting mode and ~6 hours, second copies, out-of-order and late arrivals; catalog's order
// events keyed by order on their own topic, republished, some first versions lost), start the service,
// SIGKILL it mid-way, publish the rest, start it again, then compare every stored rollup, every
// QueryVolumes answer of every tenant and business scope, and the highest values on the public
// stream with the ground truth computed independently here (support/volume-workload.ts).
import { type ChildProcess, spawn } from "node:child_process";
import {
  callUnary,
  connectMongo,
  createLogger,
  type RunningGrpcServer,
  startGrpcServer,
  type TenantScope,
} from "@switchboard/kit";
import { openTestClient, testServerSecurity, useKafkaTestBus } from "@switchboard/kit/testing";
import { THREAD_EVENTS_TOPIC } from "@switchboard/proto";
import {
  AnalyticsServiceClient,
  AnalyticsServiceService,
  type QueryVolumesRequest,
  type QueryVolumesResponse,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTED_TOPICS } from "../src/events/observation-of.ts";
import { createVolumeHub } from "../src/events/volume-hub.ts";
import { analyticsGrpc } from "../src/grpc/analytics-grpc.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";
import type { VolumeStore } from "../src/store/volume-store.ts";
import { threadEvent } from "./support/volume-fixtures.ts";
import { readVolumeStream, type StreamReader } from "./support/volume-stream-reader.ts";
import { GRACE_MS, groundTruth, type Measures, truthKeyOf, workload } from "./support/volume-workload.ts";

const servers = testServers();
const logger = createLogger({ service: "analytics-volume-test", level: "warn" });
const PARTITIONS = 3;
const EVENTS = 20_000;
const START = Date.UTC(2026, 10, 30, 6, 0);
const suite = useKafkaTestBus("analyticsvol", { source: "/switchboard/volume-test", partitions: PARTITIONS, logger });
const dbName = uniqueName("analytics_volume");
const SERVICE_MAIN = new URL("../src/main.ts", import.meta.url).pathname;

/** The service's own warnings and errors (pino lines on stdout) and stderr, for a failure's message. */
const serviceLog: string[] = [];

function startService(): { child: ChildProcess; stderr: string[] } {
  const stderr = serviceLog;
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      KAFKA_TOPIC_PREFIX: suite.prefix,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: dbName,
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: "0",
      HTTP_PORT: "0",
      METRICS_PORT: "0",
      BUCKET_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  return { child, stderr };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );

/** Stored parts summed per rollup key (on-time and late apart), for every scope's tenant. */
async function storedByKey(store: VolumeStore, tenants: readonly string[]): Promise<Map<string, Measures>> {
  const byKey = new Map<string, Measures>();
  for (const tenantId of tenants) {
    for (const part of await store.listParts(
      { tenantId, businessId: "" },
      { fromMs: 0, toMs: START + 48 * 3_600_000 },
    )) {
      const id = truthKeyOf(part.key);
      const sum = byKey.get(id) ?? {};
      for (const [name, value] of Object.entries(part.measures)) sum[name] = (sum[name] ?? 0) + value;
      byKey.set(id, sum);
    }
  }
  return byKey;
}

/** Offsets the group committed and the log end, summed over the topic's partitions. */
async function groupProgress(groupId: string, topic: string): Promise<{ committed: number; published: number }> {
  const admin = new kafkajs.Kafka({
    clientId: "progress",
    brokers: servers.kafkaBrokers,
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = (group?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    return { committed, published: ends.reduce((sum, p) => sum + Number(p.high), 0) };
  } finally {
    await admin.disconnect();
  }
}

const sorted = <T>(m: ReadonlyMap<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe("exact rollups across a SIGKILL", () => {
  let mongo: Connection;
  let store: VolumeStore;
  let grpc: RunningGrpcServer;
  let client: AnalyticsServiceClient;
  let reader: StreamReader | undefined;
  let service: ChildProcess | undefined;

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName });
    store = await createMongoVolumeStore(mongo, { topics: COUNTED_TOPICS, partitions: PARTITIONS });
    grpc = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      services: [
        {
          name: "switchboard.analytics.v1.AnalyticsService",
          definition: AnalyticsServiceService,
          implementation: analyticsGrpc({ store, hub: createVolumeHub(), logger, graceMs: GRACE_MS }),
        },
      ],
    });
    client = openTestClient(AnalyticsServiceClient, `127.0.0.1:${grpc.port}`);
  });

  afterAll(async () => {
    service?.kill("SIGKILL");
    client?.close();
    await grpc?.drain(1_000);
    await reader?.stop();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it("equals the ground truth in the store, in every scope's queries and on the public stream", {
    timeout: 900_000,
  }, async () => {
    const tenants = ["ta", "tb", "tc"].map((t) => `${t}-${uniqueName("v")}`);
    const events = workload(tenants, EVENTS, START);
    const truth = groundTruth(events, GRACE_MS);
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500)
        await suite.bus.publish(events.slice(i, Math.min(i + 500, to)).map(threadEvent));
    };
    // The workload has what it must have: repeats, late events, statuses of every kind.
    const distinct = new Set(events.map((e) => JSON.stringify(e))).size;
    expect(distinct).toBeLessThan(events.length * 0.95);
    expect(events.filter((e) => (e.arrivedAtMs ?? 0) - e.atMs > GRACE_MS + 60_000).length).toBeGreaterThan(500);
    // Orders: over a thousand, each counted from its first event, some only from a late decision.
    const firstOfOrder = new Map<string, (typeof events)[number]>();
    for (const e of events) if (e.kind === "order" && !firstOfOrder.has(e.orderId)) firstOfOrder.set(e.orderId, e);
    expect(firstOfOrder.size).toBeGreaterThan(1_000);
    expect(events.filter((e) => e.kind === "order").length).toBeGreaterThan(firstOfOrder.size * 1.5);
    expect([...firstOfOrder.values()].filter((e) => e.kind === "order" && e.version > 1).length).toBeGreaterThan(50);

    const half = Math.floor(EVENTS * 0.6);
    await publish(0, half);
    reader = await readVolumeStream(servers.kafkaBrokers, suite.prefix);
    const first = startService();
    service = first.child;
    const facts = mongo.db?.collection("volume_facts");
    // Early: some batches counted, the backlog far from drained. (The service counts thousands
    // of events a second, so a later mark can pass with the whole backlog already committed.)
    await eventually(async () => expect(await facts?.estimatedDocumentCount()).toBeGreaterThan(1_500), 180_000, 50);
    first.child.kill("SIGKILL");
    await exited(first.child);
    expect(first.child.signalCode).toBe("SIGKILL");
    // The kill left a backlog: the group's committed offsets are short of what was published,
    // so the restarted service redelivers whatever the killed one had handled but not committed.
    const { committed, published } = await groupProgress(
      `${suite.prefix}analytics`,
      `${suite.prefix}${THREAD_EVENTS_TOPIC}`,
    );
    expect(committed).toBeLessThan(published);

    await publish(half, EVENTS);
    const second = startService();
    service = second.child;
    const expected = sorted(truth);
    await eventually(
      async () => expect(sorted(await storedByKey(store, tenants))).toEqual(expected),
      600_000,
      2_000,
    ).catch((error: unknown) => {
      throw new Error(`store never matched; service said:\n${serviceLog.join("").slice(-4_000)}`, { cause: error });
    });

    // Every scope's QueryVolumes (hour granularity, grouped by every dimension) equals the truth
    // summed to that scope; a business scope never sees the other business.
    for (const tenantId of tenants) {
      for (const businessId of ["", `${tenantId}-w1`, `${tenantId}-w2`]) {
        const scope: TenantScope = { tenantId, businessId, ...(businessId === "" ? { allBusinesses: true } : {}) };
        expect(await queried(client, scope)).toEqual(truthByHour(truth, scope));
      }
    }
    const other = await queried(client, { tenantId: tenants[0] as string, businessId: `${tenants[1]}-w1` });
    expect(other).toEqual([]);

    // The public stream: the highest value per key and measure equals the truth, late keys
    // arrive as corrections, and buckets were emitted as closed.
    await eventually(() => expect(sorted(reader?.highest ?? new Map())).toEqual(expected), 120_000, 1_000);
    const kinds = new Set(reader.records.map((r) => `${r.kind}/${r.late}`));
    expect([...kinds].sort()).toEqual(["closed/false", "correction/true", "open/false"]);
    service.kill("SIGTERM");
    await exited(service);
    expect(second.stderr.join("")).not.toContain("RollupPartConflictError");
  });
});

const DIMENSIONS = [
  "phone_number_id",
  "direction",
  "message_type",
  "pricing_category",
  "hosting_mode",
  "encryption_state",
  "country_calling_code",
];

async function queried(client: AnalyticsServiceClient, scope: TenantScope): Promise<[string, Measures][]> {
  const response = await callUnary<QueryVolumesRequest, QueryVolumesResponse>(
    "AnalyticsService/QueryVolumes",
    client.queryVolumes.bind(client),
    {
      fromMs: START - 3_600_000,
      toMs: START + 24 * 3_600_000,
      granularity: "hour",
      groupBy: DIMENSIONS,
      filters: [],
      utcOffsetMinutes: 0,
    },
    // A whole day of every key, summed from minute parts: far more than an interactive query.
    { scope, timeoutMs: 120_000 },
  );
  return response.rows
    .map((row): [string, Measures] => [
      JSON.stringify([row.startMs, ...DIMENSIONS.map((d) => row.group[d])]),
      { ...row.measures },
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The truth summed per (hour, every dimension) within a scope, as QueryVolumes names measures. */
function truthByHour(truth: ReadonlyMap<string, Measures>, scope: TenantScope): [string, Measures][] {
  const rows = new Map<string, Measures>();
  for (const [id, measures] of truth) {
    const [tenantId, businessId, ...rest] = JSON.parse(id) as [string, string, ...unknown[]];
    if (tenantId !== scope.tenantId || (scope.businessId !== "" && businessId !== scope.businessId)) continue;
    const dims = rest.slice(0, 7) as string[];
    const minute = rest[7] as number;
    const hour = Math.floor(minute / 3_600_000) * 3_600_000;
    const key = JSON.stringify([hour, ...dims]);
    const row = rows.get(key) ?? {};
    for (const [name, value] of Object.entries(measures)) {
      if (name === "customers_hour") row.unique_customers = (row.unique_customers ?? 0) + value;
      else if (!name.startsWith("customers_")) row[name] = (row[name] ?? 0) + value;
    }
    rows.set(key, row);
  }
  return sorted(rows);
}
