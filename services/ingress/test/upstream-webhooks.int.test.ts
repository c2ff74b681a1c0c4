// Meta's webhook endpoint, built in-process (the service builder), against the real Kafka broker and
// the real MongoDB-wire server: a signed body becomes events on the thread topic before 200 is
// answered; a bad signature or an oversized body publishes nothing; a status delivered twice is
// published once; each number's events carry its own tenant.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  connectMongo,
  createLogger,
  type EventBus,
  EventHandlers,
  type SubscriptionHandle,
  signMetaBody,
} from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { InboundMessageReceivedEvent, MessageStatusReceivedEvent } from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import type { UpstreamMessageIds } from "../src/upstream-ids/upstream-message-ids.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const APP_SECRET = "integration-app-secret";
const VERIFY_TOKEN = "integration-verify-token";
const NUMBER_A = "100000000000001"; // the number the fixtures are addressed to
const NUMBER_B = "100000000000009";

interface Seen {
  type: string;
  tenantId: string;
  messageId: string;
  status: string;
  phoneNumberId: string;
}

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/upstream", `${name}.json`), "utf8");
/** A fixture with its ids rewritten, so each test publishes messages no other test did. */
const variant = (name: string, replace: Record<string, string>) =>
  Buffer.from(Object.entries(replace).reduce((text, [from, to]) => text.replaceAll(from, to), fixture(name)));

describe("upstream webhooks against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("upstream", { source: "/switchboard/ingress", partitions: 1, logger });
  let mongo: Connection;
  /** The suite's bus, recording when Kafka acknowledged each publish. */
  let bus: EventBus;
  let subscription: SubscriptionHandle;
  let app: FastifyInstance;
  let messageIds: UpstreamMessageIds;
  const seen: Seen[] = [];
  const acknowledgedAt: number[] = [];
  let sequence = 0;

  const post = (body: Buffer, signature: string | null = signMetaBody(body, APP_SECRET)) =>
    app.inject({
      method: "POST",
      url: "/webhooks/meta",
      headers: {
        "content-type": "application/json",
        ...(signature === null ? {} : { "x-hub-signature-256": signature }),
      },
      payload: body,
    });

  /** Posts a text message for the same customer (same partition) and waits for it: everything
   * published before it has then been seen. Returns the events seen before the marker. */
  async function drain(): Promise<Seen[]> {
    const id = `wamid.marker-${++sequence}`;
    expect((await post(variant("text-message", { "wamid.SB-in-text-0001": id }))).statusCode).toBe(200);
    const at = await eventually(() => {
      const index = seen.findIndex((e) => e.messageId === id);
      if (index < 0) throw new Error("marker not seen yet");
      return index;
    });
    return seen.splice(0, at + 1).slice(0, at);
  }

  beforeAll(async () => {
    const database = uniqueName("ingress_upstream");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const broker = kafka.bus;
    // Records when Kafka acknowledged each publish, to compare with when 200 was answered.
    bus = {
      ...broker,
      publish: async (events, options) => {
        await broker.publish(events, options);
        acknowledgedAt.push(performance.now());
      },
    };
    const record = (type: string, tenantId: string, thread: { phoneNumberId: string } | undefined) => ({
      type,
      tenantId,
      phoneNumberId: thread?.phoneNumberId ?? "",
    });
    const handlers = new EventHandlers()
      .on(InboundMessageReceivedEvent, async (e) => {
        seen.push({ ...record("inbound", e.tenantId, e.data.thread), messageId: e.data.messageId, status: "" });
      })
      .on(MessageStatusReceivedEvent, async (e) => {
        seen.push({
          ...record("status", e.tenantId, e.data.thread),
          messageId: e.data.messageId,
          status: e.data.status,
        });
      });
    subscription = await broker.subscribe({ groupId: `${kafka.prefix}observer`, handlers });

    const tenants = (await createMongoTenancy(mongo)).admin;
    const number = (phoneNumberId: string, hostingMode: "cloud" | "on_premises") => ({
      phoneNumberId,
      displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
      hostingMode,
      processors: hostingMode === "cloud" ? ["business", "meta"] : ["business"],
      catalogId: "",
    });
    for (const [tenantId, businessId, phoneNumberId, mode] of [
      ["tenant-a", "200000000000001", NUMBER_A, "cloud"],
      ["tenant-b", "200000000000009", NUMBER_B, "on_premises"],
    ] as const) {
      await tenants.createTenant({
        tenantId,
        name: tenantId,
        kind: "enterprise",
        businessId,
        phoneNumbers: [number(phoneNumberId, mode)],
        tokenId: `token-${tenantId}`,
        tokenHash: issueAccessToken().hash,
      });
    }
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      UPSTREAM_APP_SECRET: APP_SECRET,
      UPSTREAM_VERIFY_TOKEN: VERIFY_TOKEN,
    });
    const ingress = await buildTestIngress({ mongo, bus, logger }, config);
    app = ingress.service.http;
    messageIds = ingress.deps.upstreamMessageIds;
    await app.ready();
    await drain(); // the observer has joined and caught up
  });

  afterAll(async () => {
    await app?.close();
    await subscription?.stop();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("answers the verification handshake", async () => {
    const ok = await app.inject({
      url: `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=31337`,
    });
    expect([ok.statusCode, ok.body]).toEqual([200, "31337"]);
    const refused = await app.inject({ url: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1" });
    expect(refused.statusCode).toBe(403);
  });

  it("publishes a signed message's event and answers 200 only after Kafka acknowledged it", async () => {
    const body = variant("order-message", { "wamid.SB-in-order-0012": "wamid.int-order-1" });
    const acknowledgedBefore = acknowledgedAt.length;
    const response = await post(body);
    const answeredAt = performance.now();
    expect(response.statusCode).toBe(200);
    expect(acknowledgedAt.length).toBe(acknowledgedBefore + 1);
    expect(acknowledgedAt.at(-1)).toBeLessThanOrEqual(answeredAt);
    expect(await drain()).toEqual([
      { type: "inbound", tenantId: "tenant-a", phoneNumberId: NUMBER_A, messageId: "wamid.int-order-1", status: "" },
    ]);
  });

  it("answers 401 to a bad or missing signature and publishes nothing", async () => {
    const body = variant("text-message", { "wamid.SB-in-text-0001": "wamid.int-unsigned" });
    expect((await post(body, null)).statusCode).toBe(401);
    expect((await post(body, signMetaBody(body, "not-the-app-secret"))).statusCode).toBe(401);
    expect(await drain()).toEqual([]);
  });

  it("answers 413 in Graph shape to a body over 3 MB and publishes nothing", async () => {
    const text = fixture("text-message").replace("Is the blue one in stock?", "x".repeat(3 * 1024 * 1024));
    const response = await post(Buffer.from(text));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 100, type: "OAuthException" } });
    expect(await drain()).toEqual([]);
  });

  it("publishes a status delivered twice by Meta once", async () => {
    const body = variant("status-read", { "wamid.SB-out-0100": "wamid.int-status-1" });
    expect((await post(body)).statusCode).toBe(200);
    expect((await post(body)).statusCode).toBe(200);
    expect(await drain()).toEqual([
      {
        type: "status",
        tenantId: "tenant-a",
        phoneNumberId: NUMBER_A,
        messageId: "wamid.int-status-1",
        status: "read",
      },
    ]);
  });

  it("routes each number to its own tenant, deduplicating per tenant only", async () => {
    const forA = variant("text-message", { "wamid.SB-in-text-0001": "wamid.int-shared-id" });
    // Tenant B's number under tenant B's business account, as Meta addresses it.
    const forB = variant("text-message", {
      "wamid.SB-in-text-0001": "wamid.int-shared-id",
      [NUMBER_A]: NUMBER_B,
      "200000000000001": "200000000000009",
    });
    expect((await post(forA)).statusCode).toBe(200);
    expect((await post(forB)).statusCode).toBe(200);
    const events = await drain();
    expect(events.map((e) => [e.tenantId, e.phoneNumberId, e.messageId])).toEqual([
      ["tenant-a", NUMBER_A, "wamid.int-shared-id"],
      ["tenant-b", NUMBER_B, "wamid.int-shared-id"],
    ]);
  });

  it("translates Meta's id of a Cloud API send back to the business's id, within the tenant only", async () => {
    await messageIds.rememberSent("tenant-a", [{ upstreamId: "wamid.int-meta-5", messageId: "wamid.int-ours-5" }]);
    await messageIds.rememberSent("tenant-a", [{ upstreamId: "wamid.int-meta-5", messageId: "wamid.int-ours-5" }]); // a redelivered send
    await messageIds.rememberSent("tenant-b", [{ upstreamId: "wamid.int-meta-6", messageId: "wamid.int-ours-6" }]);
    const forA = (metaId: string) => variant("status-delivered", { "wamid.SB-out-0100": metaId });
    expect((await post(forA("wamid.int-meta-5"))).statusCode).toBe(200);
    expect((await post(forA("wamid.int-meta-6"))).statusCode).toBe(200);
    expect((await drain()).map((e) => [e.tenantId, e.messageId, e.status])).toEqual([
      ["tenant-a", "wamid.int-ours-5", "delivered"],
      ["tenant-a", "wamid.int-meta-6", "delivered"],
    ]);
  });

  it("answers 200 to a number hosted nowhere here and publishes nothing for it", async () => {
    const body = variant("text-message", { [NUMBER_A]: "100000000000404", "wamid.SB-in-text-0001": "wamid.int-404" });
    expect((await post(body)).statusCode).toBe(200);
    expect(await drain()).toEqual([]);
  });
});
