// Meta's webhook endpoint when Kafka does not acknowledge in time, against the real broker and the
// real MongoDB-wire store (dedupe claims included): a body whose events are still queued behind a
// busy producer at PUBLISH_TIMEOUT_MS is answered 503 and is never published afterwards, not even
// once the producer catches up; Meta's retry of the same body is then accepted and published once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  connectMongo,
  createLogger,
  EventHandlers,
  event,
  type SubscriptionHandle,
  signMetaBody,
} from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageAcceptedEvent,
} from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const APP_SECRET = "deadline-app-secret";
const NUMBER = "100000000000001"; // the number the fixtures are addressed to
/**
 * Far shorter than the busy spell below (24 produce requests of 800 kB: seconds here, well over
 * 100 ms anywhere). A publish handed to an idle producer is never withdrawn, however slow its ack.
 */
const PUBLISH_TIMEOUT_MS = 50;

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/upstream", `${name}.json`), "utf8");
const variant = (name: string, replace: Record<string, string>) =>
  Buffer.from(Object.entries(replace).reduce((text, [from, to]) => text.replaceAll(from, to), fixture(name)));

/** An event of its own thread, large enough that a few dozen keep the producer busy a while. */
const bulky = (i: number) =>
  event(OutboundMessageAcceptedEvent, {
    key: "thread-busy",
    tenantId: "tenant-a",
    data: {
      thread: { tenantId: "tenant-a", businessId: "b", phoneNumberId: "p", customerId: "c", customerWaId: "1555" },
      messageId: `wamid.bulk-${i}`,
      type: "text",
      bodyJson: JSON.stringify({ text: "x".repeat(800_000) }),
      contextMessageId: "",
      bizOpaqueCallbackData: "",
      acceptedAtMs: 1,
      hosting: undefined,
    },
  });

describe("upstream webhooks when Kafka does not acknowledge in time", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("updeadline", { source: "/switchboard/ingress", partitions: 1, logger });
  let mongo: Connection;
  let subscription: SubscriptionHandle;
  let app: FastifyInstance;
  const seen: string[] = [];
  let sequence = 0;

  const post = (body: Buffer) =>
    app.inject({
      method: "POST",
      url: "/webhooks/meta",
      headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(body, APP_SECRET) },
      payload: body,
    });

  /** Posts a marker message and waits for it: returns what was seen before it (same partition). */
  async function drain(): Promise<string[]> {
    const id = `wamid.marker-${++sequence}`;
    expect((await post(variant("text-message", { "wamid.SB-in-text-0001": id }))).statusCode).toBe(200);
    const at = await eventually(() => {
      const index = seen.indexOf(id);
      if (index < 0) throw new Error("marker not seen yet");
      return index;
    });
    return seen.splice(0, at + 1).slice(0, at);
  }

  beforeAll(async () => {
    const database = uniqueName("ingress_updeadline");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const handlers = new EventHandlers()
      .on(InboundMessageReceivedEvent, async (e) => void seen.push(e.data.messageId))
      .on(MessageStatusReceivedEvent, async (e) => void seen.push(`${e.data.messageId}:${e.data.status}`));
    subscription = await kafka.bus.subscribe({ groupId: `${kafka.prefix}observer`, handlers });
    const tenants = (await createMongoTenancy(mongo)).admin;
    await tenants.createTenant({
      tenantId: "tenant-a",
      name: "tenant-a",
      kind: "enterprise",
      businessId: "200000000000001",
      phoneNumbers: [
        {
          phoneNumberId: NUMBER,
          displayPhoneNumber: "+1 555 0000001",
          hostingMode: "cloud",
          processors: ["business", "meta"],
          catalogId: "",
        },
      ],
      tokenId: "token-tenant-a",
      tokenHash: issueAccessToken().hash,
    });
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      UPSTREAM_APP_SECRET: APP_SECRET,
      UPSTREAM_VERIFY_TOKEN: "deadline-verify-token",
      PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
    });
    app = (await buildTestIngress({ mongo, bus: kafka.bus, logger }, config)).service.http;
    await app.ready();
    await kafka.bus.publish([bulky(-1)]); // the topic exists and the producer is connected
    await drain(); // the observer has joined and caught up
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await subscription?.stop();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("answers 503 to a body still queued at its deadline, never publishes it, and publishes Meta's retry once", async () => {
    const body = variant("status-read", { "wamid.SB-out-0100": "wamid.deadline-status-1" });
    // Many produce requests in a row (each under the request limit): the producer is busy with
    // them while the body's events wait queued behind.
    const busy = kafka.bus.publish(Array.from({ length: 24 }, (_, i) => bulky(i)));
    const answered = await post(body);
    expect(answered.statusCode).toBe(503);
    expect(answered.json().error).toMatchObject({ code: 2 });
    await busy;
    expect(await drain()).toEqual([]);

    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(200);
    expect(await drain()).toEqual(["wamid.deadline-status-1:read"]);
  }, 60_000);
});
