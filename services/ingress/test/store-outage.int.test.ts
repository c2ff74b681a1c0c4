// Fault test: the store goes away and comes back. Ingress runs on a FerretDB of this test's own
// (started, stopped and restarted here; the shared dev stack is never touched) and the shared
// Kafka. While the store is down a request that needs it answers 503 with Graph code 2 (never a
// 500 after mongoose's 10 s buffering), /readyz reports the store down, and a consumer whose
// handler needs the store keeps its event (retried, never dead-lettered) until the store is back.

import { type PrivateFerretdb, startPrivateFerretdb } from "@switchboard/devstack/private-ferretdb";
import { connectMongo, createLogger, EventHandlers, event, readinessChecks } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const ADMIN_TOKEN = "admin-token-for-integration-tests-0123456789";
const logger = createLogger({ service: "ingress-outage-test", level: "silent" });

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("store outage: fast 503s, honest readiness, no lost events", () => {
  const servers = testServers();
  const kafka = useKafkaTestBus("ingoutage", { partitions: 1, logger });
  let store: PrivateFerretdb;
  let mongo: Connection;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await startPrivateFerretdb();
    mongo = await connectMongo({ uri: store.uri, dbName: "outage" });
    const config = loadIngressConfig({
      ADMIN_TOKEN,
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: store.uri,
      MONGODB_DATABASE: "outage",
      PUBLISH_TIMEOUT_MS: "10000",
    });
    const ingress = await buildTestIngress({ mongo, bus: kafka.bus, logger }, config, {
      readinessChecks: readinessChecks({ mongo, bus: kafka.bus }),
    });
    app = ingress.service.http;
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await mongo?.close();
    await store?.dispose();
  });

  const tenants = () =>
    app.inject({ method: "GET", url: "/admin/v1/tenants", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const ready = async () => (await app.inject({ url: "/readyz" })).statusCode === 200;

  it("answers 503 code 2 while the store is down, fails readiness, and recovers when it is back", async () => {
    expect((await tenants()).statusCode).toBe(200);
    expect(await ready()).toBe(true);

    await store.stop();
    const down = await tenants();
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 2, message: "Service temporarily unavailable" });
    const readiness = await app.inject({ url: "/readyz" });
    expect(readiness.statusCode).toBe(503);
    expect(readiness.json().checks).toMatchObject({ mongo: false, kafka: true });

    await store.start();
    await until(ready);
    expect((await tenants()).statusCode).toBe(200);
  }, 60_000);

  it("keeps a consumer's event through the outage and stores it once the store is back", async () => {
    const stored = mongo.collection<{ _id: string }>("outage_events");
    let calls = 0;
    const sub = await kafka.bus.subscribe({
      groupId: `${kafka.prefix}outage-consumer`,
      maxAttempts: 2,
      retryBackoffMs: 50,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        calls++;
        await stored.updateOne({ _id: e.data.messageId }, { $set: { at: Date.now() } }, { upsert: true });
      }),
    });
    await store.stop();
    await kafka.bus.publish([
      event(OutboundMessageAcceptedEvent, {
        key: "thread-outage",
        tenantId: "t1",
        data: {
          thread: undefined,
          messageId: "wamid.outage",
          type: "text",
          bodyJson: "{}",
          contextMessageId: "",
          bizOpaqueCallbackData: "",
          acceptedAtMs: 1,
          hosting: undefined,
        },
      }),
    ]);
    // More failed attempts than maxAttempts (2) while the store is away: today's code parked it.
    await until(async () => calls > 3);
    await store.start();
    await until(async () => (await stored.findOne({ _id: "wamid.outage" }).catch(() => null)) !== null);
    await sub.stop();
    const report = await kafka.bus.dlq?.report();
    const parked = report?.find((r) => r.topic === `${OutboundMessageAcceptedEvent.topic}.dlq`);
    expect(parked?.parked ?? 0).toBe(0);
  }, 60_000);
});
