// The send route counts every refusal by a throughput limit in
// `switchboard_rate_limit_rejections_total{tenant,limit}`: built in-process with the service
// builder against the real Kafka broker and MongoDB-wire store, two tenants' numbers are pushed
// over the pair rate and over their throughput, and the series says which tenant hit which limit.
import { connectMongo, createLogger, metricsText, startTelemetry, type Telemetry } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { createInMemoryRateLimiter, rateLimitOptionsOf } from "../src/rate-limit/in-memory-rate-limiter.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { VALID_MESSAGES } from "./support/send-request-fixtures.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const FAST = "100000000000011";
const SLOW = "100000000000012";

describe("rate-limit rejections as a series", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("ratemetric", { source: "/switchboard/ingress", partitions: 1, logger });
  const tokenA = issueAccessToken();
  const tokenB = issueAccessToken();
  let telemetry: Telemetry;
  let mongo: Connection;
  let app: FastifyInstance;

  const send = (token: string, number: string, to: string) =>
    app.inject({
      method: "POST",
      url: `/v23.0/${number}/messages`,
      headers: { authorization: `Bearer ${token}` },
      payload: { ...VALID_MESSAGES.text, to },
    });

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: "ingress-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
    const database = uniqueName("ingress_ratemetric");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const tenancy = await createMongoTenancy(mongo);
    const number = (phoneNumberId: string, throughputMps: number) => ({
      phoneNumberId,
      displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
      hostingMode: "cloud" as const,
      processors: ["business", "meta"],
      catalogId: "",
      throughputMps,
    });
    await tenancy.admin.createTenant({
      tenantId: "tenant-pair",
      name: "Pair Shop",
      kind: "enterprise",
      businessId: "200000000000011",
      phoneNumbers: [number(FAST, 1000)],
      tokenId: "token-pair",
      tokenHash: tokenA.hash,
    });
    await tenancy.admin.createTenant({
      tenantId: "tenant-slow",
      name: "Slow Shop",
      kind: "enterprise",
      businessId: "200000000000012",
      phoneNumbers: [number(SLOW, 1)],
      tokenId: "token-slow",
      tokenHash: tokenB.hash,
    });
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      PAIR_RATE_BURST: "2",
    });
    // The clock stands still: no token is repaid between the requests.
    const now = Date.now();
    const ingress = await buildTestIngress({ mongo, bus: kafka.bus, logger }, config, {
      tenancy,
      rateLimiter: createInMemoryRateLimiter({ ...rateLimitOptionsOf(config), now: () => now }),
    });
    app = ingress.service.http;
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await mongo?.close();
    await telemetry?.shutdown();
  });

  it("counts each 429 by tenant and by the limit that refused it", async () => {
    const pair = [];
    for (let i = 0; i < 4; i += 1) pair.push((await send(tokenA.token, FAST, "15550000001")).statusCode);
    expect(pair).toEqual([200, 200, 429, 429]);
    const slow = [];
    for (let i = 0; i < 3; i += 1) slow.push((await send(tokenB.token, SLOW, `1555000001${i}`)).statusCode);
    expect(slow).toEqual([200, 429, 429]);

    const text = await metricsText();
    expect(text).toContain('switchboard_rate_limit_rejections_total{tenant="tenant-pair",limit="pair"} 2\n');
    expect(text).toContain('switchboard_rate_limit_rejections_total{tenant="tenant-slow",limit="throughput"} 2\n');
    expect(text).not.toMatch(/switchboard_rate_limit_rejections_total\{tenant="tenant-pair",limit="throughput"\}/);
  });
});
