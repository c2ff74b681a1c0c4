// Business webhooks against the real Kafka broker and the real MongoDB-wire server, delivering to
// local test receivers (node:http on 127.0.0.1) that check every signature independently: the
// registration handshake, delivery after an outage and an ingress restart with nothing lost or
// sent twice, tenant isolation, parking after the retry window (with its dead letter on the
// webhook-deliveries DLQ topic) and the admin replay.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  connectMongo,
  createLogger,
  type EventBus,
  EventHandlers,
  event,
  type OutgoingEvent,
  type ReceivedEvent,
} from "@switchboard/kit";
import { connectKafkaTestBus } from "@switchboard/kit/testing";
import {
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  SystemMessageAddedEvent,
  threadKey,
  WebhookDeliveryParkedEvent,
} from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { WebhookDeliveryParked } from "@switchboard/proto/gen/switchboard/events/v1/webhook_deliveries";
import { eventually as eventuallyWithin } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMongoDeliveryStore } from "../src/business-webhooks/mongo-delivery-store.ts";
import type { BusinessWebhookConfig } from "../src/business-webhooks/webhook-config.ts";
import { loadIngressConfig } from "../src/config.ts";
import { newGraphId } from "../src/graph/graph-ids.ts";
import type { OutboundConfig } from "../src/outbound/outbound-config.ts";
import { hashAccessToken, issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";
import { anInboundText, aStatusChanged, aSystemAdded } from "./support/webhook-event-fixtures.ts";

const logger = createLogger({ service: "ingress-test", level: "warn" });
const ADMIN_TOKEN = "admin-token-for-business-webhook-tests";
const servers = testServers();

const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 45_000, 100);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A business's webhook endpoint: verifies signatures itself and counts what it acknowledged. */
interface Receiver {
  url: string;
  /** `unavailable` answers 503 to every POST. */
  mode: "up" | "unavailable";
  /** Acknowledged (200) deliveries per key: message id, or `message id:status` for statuses. */
  accepted: Map<string, number>;
  refused: number;
  badSignatures: number;
  entryIds: Set<string>;
  /** Stops listening: connections are refused until reopen(). */
  close(): Promise<void>;
  reopen(): Promise<void>;
}

interface ChangeValue {
  messages?: { id: string }[];
  statuses?: { id: string; status: string }[];
}

async function startReceiver(appSecret: string, verifyToken: string): Promise<Receiver> {
  let server: Server | undefined;
  let port = 0;
  const receiver: Receiver = {
    url: "",
    mode: "up",
    accepted: new Map(),
    refused: 0,
    badSignatures: 0,
    entryIds: new Set(),
    async close() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    },
    async reopen() {
      server = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        if (request.method === "GET") {
          const ok =
            url.searchParams.get("hub.mode") === "subscribe" &&
            url.searchParams.get("hub.verify_token") === verifyToken;
          response.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get("hub.challenge") ?? "") : "forbidden");
          return;
        }
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const body = Buffer.concat(chunks);
          const expected = Buffer.from(`sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`);
          const given = Buffer.from(String(request.headers["x-hub-signature-256"] ?? ""));
          if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
            receiver.badSignatures++;
            response.writeHead(401).end();
            return;
          }
          if (receiver.mode === "unavailable") {
            receiver.refused++;
            response.writeHead(503).end();
            return;
          }
          const payload = JSON.parse(body.toString()) as {
            object: string;
            entry: { id: string; changes: { field: string; value: ChangeValue }[] }[];
          };
          if (payload.object !== "whatsapp_business_account") receiver.entryIds.add(`bad object ${payload.object}`);
          for (const entry of payload.entry) {
            receiver.entryIds.add(entry.id);
            for (const change of entry.changes) {
              const keys = [
                ...(change.value.messages ?? []).map((m) => m.id),
                ...(change.value.statuses ?? []).map((s) => `${s.id}:${s.status}`),
              ];
              for (const key of keys) receiver.accepted.set(key, (receiver.accepted.get(key) ?? 0) + 1);
            }
          }
          response.writeHead(200).end();
        });
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(port, "127.0.0.1", () => resolve()));
      port = (listening.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}/webhook`;
    },
  };
  await receiver.reopen();
  return receiver;
}

/** One ingress process as far as business webhooks go: its own connections, consumer and worker. */
interface Ingress {
  app: FastifyInstance;
  stop(): Promise<void>;
}

function webhookConfig(prefix: string, overrides: Partial<BusinessWebhookConfig>): BusinessWebhookConfig {
  return {
    WEBHOOK_CONSUMER_GROUP: `${prefix}ingress-business-webhooks`,
    WEBHOOK_MAX_RETRY_AGE_MS: 7 * 24 * 3_600_000,
    WEBHOOK_INITIAL_BACKOFF_MS: 100,
    WEBHOOK_MAX_BACKOFF_MS: 400,
    WEBHOOK_TIMEOUT_MS: 2_000,
    WEBHOOK_BATCH_SIZE: 50,
    WEBHOOK_POSTS_IN_FLIGHT: 1,
    WEBHOOK_CLAIM_LIMIT: 200,
    WEBHOOK_POLL_INTERVAL_MS: 100,
    WEBHOOK_CONCURRENCY: 4,
    WEBHOOK_SUBSCRIPTION_CACHE_TTL_MS: 5_000,
    WEBHOOK_ALLOW_HTTP_CALLBACKS: true,
    WEBHOOK_ROUND_MAX_PER_BUSINESS: 200,
    WEBHOOK_MAX_PENDING_PER_BUSINESS: 100_000,
    WEBHOOK_BACKLOG_SAMPLE_MS: 30_000,
    ...overrides,
  };
}

async function startIngress(
  dbName: string,
  prefix: string,
  webhooks: BusinessWebhookConfig & Partial<OutboundConfig>,
): Promise<Ingress> {
  const mongo = await connectMongo({ uri: servers.mongodbUri, dbName });
  // The suite's prefix, so a restarted ingress rejoins the same topics and consumer groups.
  const { bus } = await connectKafkaTestBus("ingress", { source: "/switchboard/ingress", logger }, prefix);
  const config = {
    ...loadIngressConfig({
      ADMIN_TOKEN,
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: dbName,
      // The receivers listen on 127.0.0.1.
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true",
    }),
    ...webhooks,
  };
  const { service } = await buildTestIngress({ mongo, bus, logger }, config);
  // The intake consumer and the delivery loop; this test exercises nothing else that runs beside HTTP.
  const delivering = await service.workers.businessWebhooks.start();
  const app = service.http;
  await app.ready();
  return {
    app,
    async stop() {
      await delivering.stop();
      await app.close();
      await bus.close();
      await mongo.close();
    },
  };
}

interface Business {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  token: string;
  appSecret: string;
  verifyToken: string;
}

async function createBusiness(mongo: Connection, label: string): Promise<Business> {
  const tenants = (await createMongoTenancy(mongo)).admin;
  const { token } = issueAccessToken();
  const business = {
    tenantId: `tn_${newGraphId()}`,
    businessId: newGraphId(),
    phoneNumberId: newGraphId(),
    token,
    appSecret: `app-secret-${label}-${newGraphId()}`,
    verifyToken: `verify-${label}`,
  };
  await tenants.createTenant({
    tenantId: business.tenantId,
    name: label,
    kind: "enterprise",
    businessId: business.businessId,
    phoneNumbers: [
      {
        phoneNumberId: business.phoneNumberId,
        displayPhoneNumber: "+1 555 010 0000",
        hostingMode: "cloud",
        processors: ["business", "meta"],
        catalogId: "",
      },
    ],
    tokenId: newGraphId(),
    tokenHash: hashAccessToken(token),
  });
  return business;
}

function register(app: FastifyInstance, business: Business, body: Record<string, string>) {
  return app.inject({
    method: "POST",
    url: "/v1/webhook-subscriptions",
    headers: { authorization: `Bearer ${business.token}` },
    payload: body,
  });
}

const registration = (business: Business, receiver: Receiver) => ({
  callback_url: receiver.url,
  verify_token: business.verifyToken,
  app_secret: business.appSecret,
});

/** Events of each kind for a business; returns them with the keys its receiver will count. */
function eventsFor(business: Business, tag: string, count: number): { events: OutgoingEvent[]; keys: string[] } {
  const events: OutgoingEvent[] = [];
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const thread: ThreadRef = {
      tenantId: business.tenantId,
      businessId: business.businessId,
      phoneNumberId: business.phoneNumberId,
      customerId: `1555000${i}`,
      customerWaId: `1555000${i}`,
    };
    const common = { key: threadKey(thread), tenantId: business.tenantId };
    const kind = i % 3;
    const id = `wamid.${tag}.${i}`;
    if (kind === 0) {
      events.push(event(InboundMessageReceivedEvent, { ...common, data: anInboundText(id, { thread }) }));
      keys.push(id);
    } else if (kind === 1) {
      events.push(event(MessageStatusChangedEvent, { ...common, data: aStatusChanged(id, { thread }) }));
      keys.push(`${id}:delivered`);
    } else {
      events.push(event(SystemMessageAddedEvent, { ...common, data: aSystemAdded(id, { thread }) }));
      keys.push(id);
    }
  }
  return { events, keys };
}

async function startPublisher(prefix: string): Promise<EventBus> {
  const { bus } = await connectKafkaTestBus("publisher", { source: "/switchboard/conversation", logger }, prefix);
  return bus;
}

describe("business webhooks: registration, outage, restart and tenant isolation", () => {
  const dbName = uniqueName("bwh");
  const prefix = `${uniqueName("bwh")}.`;
  const config = webhookConfig(prefix, {});
  let admin: Connection;
  let publisher: EventBus;
  let ingress: Ingress;
  let a: Business;
  let b: Business;
  let receiverA: Receiver;
  let receiverB: Receiver;

  beforeAll(async () => {
    admin = await connectMongo({ uri: servers.mongodbUri, dbName });
    a = await createBusiness(admin, "a");
    b = await createBusiness(admin, "b");
    receiverA = await startReceiver(a.appSecret, a.verifyToken);
    receiverB = await startReceiver(b.appSecret, b.verifyToken);
    publisher = await startPublisher(prefix);
    ingress = await startIngress(dbName, prefix, config);
  });

  afterAll(async () => {
    await ingress?.stop();
    await publisher?.close();
    await receiverA?.close();
    await receiverB?.close();
    await admin?.dropDatabase().catch(() => {});
    await admin?.close();
  });

  it("stores a subscription only after the callback echoed the challenge, and never returns its secrets", async () => {
    const wrongToken = await register(ingress.app, b, { ...registration(b, receiverB), verify_token: "not-it" });
    expect(wrongToken.statusCode).toBe(400);
    expect(wrongToken.json().error).toMatchObject({ code: 2200, type: "OAuthException" });
    expect(wrongToken.json().error.message).toContain("Callback verification failed");

    const unreachable = await register(ingress.app, b, {
      ...registration(b, receiverB),
      callback_url: "http://127.0.0.1:1/nothing-listens-here",
    });
    expect(unreachable.statusCode).toBe(400);
    expect(unreachable.json().error.code).toBe(2200);

    const malformed = await register(ingress.app, b, { ...registration(b, receiverB), callback_url: "not a url" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe(131009);

    const anonymous = await ingress.app.inject({ method: "POST", url: "/v1/webhook-subscriptions", payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe(190);

    const none = await ingress.app.inject({
      method: "GET",
      url: "/v1/webhook-subscriptions",
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(none.json()).toEqual({ data: [] });

    for (const [business, receiver] of [
      [a, receiverA],
      [b, receiverB],
    ] as const) {
      const ok = await register(ingress.app, business, registration(business, receiver));
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ success: true });
    }
    const listed = await ingress.app.inject({
      method: "GET",
      url: "/v1/webhook-subscriptions",
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(listed.json()).toEqual({
      data: [{ object: "whatsapp_business_account", callback_url: receiverA.url, fields: ["messages"], active: true }],
    });
    expect(listed.body).not.toContain(a.appSecret);
    expect(listed.body).not.toContain(a.verifyToken);
  });

  it("delivers everything once after an outage spanning an ingress restart, each business only its own", async () => {
    receiverA.mode = "unavailable";
    const first = eventsFor(a, "a1", 21);
    const forB = eventsFor(b, "b1", 6);
    await publisher.publish([...first.events, ...forB.events]);
    // The same events again, as a producer retry or an upstream replay would publish them.
    await publisher.publish(first.events);
    await eventually(() => {
      expect(receiverA.refused).toBeGreaterThan(2);
      expect([...receiverB.accepted.keys()].sort()).toEqual([...forB.keys].sort());
    });

    // Restart while A is still down and its deliveries are waiting for a retry.
    await ingress.stop();
    ingress = await startIngress(dbName, prefix, config);
    const second = eventsFor(a, "a2", 9);
    await publisher.publish(second.events);
    const refusedBefore = receiverA.refused;
    await eventually(() => expect(receiverA.refused).toBeGreaterThan(refusedBefore));

    receiverA.mode = "up";
    const expected = [...first.keys, ...second.keys].sort();
    await eventually(() => expect([...receiverA.accepted.keys()].sort()).toEqual(expected));
    // Several poll rounds later still nothing more: each delivery was acknowledged exactly once.
    await pause(1_500);
    expect([...receiverA.accepted.values()].every((count) => count === 1)).toBe(true);
    expect([...receiverA.accepted.keys()].sort()).toEqual(expected);
    expect([...receiverB.accepted.values()].every((count) => count === 1)).toBe(true);
    expect([...receiverB.accepted.keys()].sort()).toEqual([...forB.keys].sort());
    expect([...receiverA.entryIds]).toEqual([a.businessId]);
    expect([...receiverB.entryIds]).toEqual([b.businessId]);
    expect(receiverA.badSignatures + receiverB.badSignatures).toBe(0);
  });
});

describe("business webhooks: parking after the retry window and the admin replay", () => {
  const dbName = uniqueName("bwhpark");
  const prefix = `${uniqueName("bwhpark")}.`;
  const config = webhookConfig(prefix, { WEBHOOK_MAX_RETRY_AGE_MS: 1_500, WEBHOOK_MAX_BACKOFF_MS: 300 });
  let admin: Connection;
  let publisher: EventBus;
  let ingress: Ingress;
  let a: Business;
  let b: Business;
  let receiverA: Receiver;
  // What a consumer of the (prefixed) webhook-deliveries DLQ topic receives.
  const deadLetters: ReceivedEvent<WebhookDeliveryParked>[] = [];

  beforeAll(async () => {
    admin = await connectMongo({ uri: servers.mongodbUri, dbName });
    a = await createBusiness(admin, "a");
    b = await createBusiness(admin, "b");
    receiverA = await startReceiver(a.appSecret, a.verifyToken);
    publisher = await startPublisher(prefix);
    await publisher.subscribe({
      groupId: uniqueName("dlq-reader"),
      handlers: new EventHandlers().on(WebhookDeliveryParkedEvent, async (received) => {
        deadLetters.push(received);
      }),
    });
    ingress = await startIngress(dbName, prefix, config);
  });

  afterAll(async () => {
    await ingress?.stop();
    await publisher?.close();
    await receiverA?.close();
    await admin?.dropDatabase().catch(() => {});
    await admin?.close();
  });

  const deliveriesPath = (business: Business) =>
    `/admin/v1/tenants/${business.tenantId}/business_accounts/${business.businessId}/webhook_deliveries`;
  const listParked = (business: Business, token = ADMIN_TOKEN) =>
    ingress.app.inject({
      method: "GET",
      url: deliveriesPath(business),
      headers: { authorization: `Bearer ${token}` },
    });
  const replay = (business: Business, deliveryId?: string) =>
    ingress.app.inject({
      method: "POST",
      url: `${deliveriesPath(business)}/replay`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: deliveryId ? { delivery_id: deliveryId } : {},
    });

  it("parks what a dead endpoint never took, lists it to the operator only, and replays it once it is back", async () => {
    expect((await register(ingress.app, a, registration(a, receiverA))).statusCode).toBe(200);
    await receiverA.close();
    const sent = eventsFor(a, "p", 3);
    await publisher.publish(sent.events);

    const parked = await eventually(async () => {
      const page = (await listParked(a)).json() as { data: { id: string; attempts: number; last_error: string }[] };
      expect(page.data).toHaveLength(3);
      return page.data;
    });
    expect(parked.every((d) => d.attempts >= 1 && d.last_error.length > 0)).toBe(true);
    expect(JSON.stringify(parked)).not.toContain("Does it come in another color?");

    // Each parking is also on the DLQ topic, once, keyed by business, without message content.
    await eventually(() => expect(deadLetters).toHaveLength(3));
    expect(deadLetters.map((e) => e.data.deliveryId).sort()).toEqual(parked.map((d) => d.id).sort());
    for (const letter of deadLetters) {
      // Read from `<prefix>switchboard.webhook-deliveries.v1.dlq`; the bus reports the logical name.
      expect(letter.topic).toBe("switchboard.webhook-deliveries.v1.dlq");
      expect(letter).toMatchObject({ tenantId: a.tenantId, key: `${a.tenantId}/${a.businessId}` });
      expect(letter.id).toBe(`parked:${a.tenantId}/${letter.data.deliveryId}:${letter.data.parkedAtMs}`);
      expect(letter.data).toMatchObject({
        tenantId: a.tenantId,
        businessId: a.businessId,
        phoneNumberId: a.phoneNumberId,
      });
      const listed = parked.find((d) => d.id === letter.data.deliveryId);
      expect(letter.data.attempts).toBe(listed?.attempts);
      expect(letter.data.lastError).toBe(listed?.last_error);
      expect(letter.data.parkedAtMs).toBeGreaterThanOrEqual(letter.data.firstAttemptAtMs);
    }
    expect(JSON.stringify(deadLetters.map((e) => e.data))).not.toContain("Does it come in another color?");

    const forbidden = await listParked(a, "not-the-admin-token-at-all-nope");
    expect(forbidden.statusCode).toBe(401);
    expect(forbidden.json().error.code).toBe(190);
    // Another business sees none of them and cannot replay them; A's business under B's tenant
    // does not exist; an injected id is an unknown object, not a query.
    expect((await listParked(b)).json().data).toEqual([]);
    expect((await replay(b)).json()).toEqual({ replayed: 0 });
    const crossTenant = await listParked({ ...a, tenantId: b.tenantId });
    expect(crossTenant.statusCode).toBe(400);
    expect(crossTenant.json().error).toMatchObject({ code: 100, error_subcode: 33 });
    const injected = await listParked({ ...a, businessId: "%7B%22%24ne%22%3A1%7D" });
    expect(injected.json().error).toMatchObject({ code: 100, error_subcode: 33 });

    await receiverA.reopen();
    const one = parked[0]?.id ?? "";
    expect((await replay(a, one)).json()).toEqual({ replayed: 1 });
    await eventually(() => expect(receiverA.accepted.size).toBe(1));
    expect((await listParked(a)).json().data).toHaveLength(2);

    expect((await replay(a)).json()).toEqual({ replayed: 2 });
    await eventually(() => expect([...receiverA.accepted.keys()].sort()).toEqual([...sent.keys].sort()));
    await pause(1_000);
    expect([...receiverA.accepted.values()]).toEqual([1, 1, 1]);
    expect((await listParked(a)).json().data).toEqual([]);
    expect(receiverA.badSignatures).toBe(0);
  });
});

describe("business webhooks: claims on the MongoDB-wire server", () => {
  const dbName = uniqueName("bwhclaim");
  const connections: Connection[] = [];

  afterAll(async () => {
    await connections[0]?.dropDatabase().catch(() => {});
    await Promise.all(connections.map((c) => c.close()));
  });

  it("splits due deliveries between racing replicas without overlap, and ignores a stale claim's report", async () => {
    for (let i = 0; i < 2; i++) connections.push(await connectMongo({ uri: servers.mongodbUri, dbName }));
    const [one, two] = await Promise.all(connections.map((c) => createMongoDeliveryStore(c)));
    if (!one || !two) throw new Error("stores not created");
    const scopes = [
      { tenantId: "tn_1", businessId: "1" },
      { tenantId: "tn_2", businessId: "2" },
    ];
    const now = 1_000_000;
    for (let i = 0; i < 60; i++) {
      const scope = scopes[i % 2] ?? scopes[0];
      if (!scope) continue;
      const delivery = { deliveryId: `d${i}`, eventType: "t", phoneNumberId: "p", changeJson: "{}" };
      expect((await one.enqueue(scope, delivery, now)).created).toBe(true);
      // The same delivery again (a redelivered record) is recognised.
      expect((await two.enqueue(scope, delivery, now)).created).toBe(false);
    }
    const rounds = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).claimDue(`token-${i}`, now, 30_000, 15)),
    );
    const claimed = rounds.flat().map((d) => `${d.tenantId}/${d.deliveryId}`);
    expect(new Set(claimed).size).toBe(claimed.length);
    // Everything due was handed out once; a further claim inside the lease gets nothing.
    const rest = await one.claimDue("late", now, 30_000, 100);
    expect(claimed.length + rest.length).toBe(60);
    expect(await two.claimDue("later", now + 1, 30_000, 100)).toEqual([]);

    const first = rounds.flat()[0];
    if (!first) throw new Error("nothing claimed");
    const scope = { tenantId: first.tenantId, businessId: first.businessId };
    await two.reschedule(scope, "not-the-holder", [{ deliveryId: first.deliveryId, atMs: now + 5_000 }], "stale");
    await one.reschedule(
      { ...scope, tenantId: "tn_other" },
      "token-0",
      [{ deliveryId: first.deliveryId, atMs: now }],
      "wrong tenant",
    );
    // After the lease every delivery is claimable again, untouched by the two reports above.
    const again = await one.claimDue("after-lease", now + 30_000, 30_000, 100);
    expect(again).toHaveLength(60);
    expect(again.every((d) => d.attempts === 0 && d.lastError === "")).toBe(true);

    // A stale whole-document write rewinds a delivery's claim hint (FerretDB v1 has no atomic
    // conditional update): during a live lease it is still not claimable, after it, it is.
    const raw = connections[0]?.collection("pending_deliveries");
    const rewind = { $set: { claimSeq: 0, claimedUntilMs: 0, claimToken: "" } };
    await raw?.updateOne({ tenantId: first.tenantId, deliveryId: first.deliveryId }, rewind);
    expect(await two.claimDue("during-lease", now + 30_001, 30_000, 100)).toEqual([]);
    const recovered = await two.claimDue("after-rewind", now + 60_000, 30_000, 100);
    expect(recovered).toHaveLength(60);
  });
});

describe("business webhooks: the outbound address policy in production configuration", () => {
  const dbName = uniqueName("bwhssrf");
  const prefix = `${uniqueName("bwhssrf")}.`;
  // Parks quickly, so what the operator is shown of a refused delivery can be read.
  const timings = { WEBHOOK_MAX_RETRY_AGE_MS: 1_500, WEBHOOK_MAX_BACKOFF_MS: 300 };
  let admin: Connection;
  let publisher: EventBus;
  let a: Business;
  let receiver: Receiver;

  beforeAll(async () => {
    admin = await connectMongo({ uri: servers.mongodbUri, dbName });
    a = await createBusiness(admin, "a");
    receiver = await startReceiver(a.appSecret, a.verifyToken);
    publisher = await startPublisher(prefix);
  });

  afterAll(async () => {
    await publisher?.close();
    await receiver?.close();
    await admin?.dropDatabase().catch(() => {});
    await admin?.close();
  });

  it("refuses a callback on a private address at registration and on every later delivery, naming no address", async () => {
    const strict = { ...webhookConfig(prefix, timings), OUTBOUND_ALLOW_PRIVATE_NETWORKS: false };
    // Registered while the receiver was reachable (as if its name then resolved to a public address)...
    const permissive = await startIngress(dbName, prefix, webhookConfig(prefix, timings));
    expect((await register(permissive.app, a, registration(a, receiver))).statusCode).toBe(200);
    await permissive.stop();
    const acceptedBefore = receiver.accepted.size;

    // ...an ingress in production configuration neither registers it again nor delivers to it.
    const ingress = await startIngress(dbName, prefix, strict);
    try {
      const refused = await register(ingress.app, a, registration(a, receiver));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe(2200);
      expect(refused.json().error.message).toContain("connection refused by policy");
      expect(refused.json().error.message).not.toContain("127.0.0.1");

      const sent = eventsFor(a, "ssrf", 2);
      await publisher.publish(sent.events);
      const parked = await eventually(async () => {
        const page = await ingress.app.inject({
          method: "GET",
          url: `/admin/v1/tenants/${a.tenantId}/business_accounts/${a.businessId}/webhook_deliveries`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const data = (page.json() as { data: { last_error: string }[] }).data;
        expect(data).toHaveLength(2);
        return data;
      });
      expect(parked.map((d) => d.last_error)).toEqual(["connection refused by policy", "connection refused by policy"]);
      expect(receiver.accepted.size).toBe(acceptedBefore);
      expect(receiver.badSignatures + receiver.refused).toBe(0);
    } finally {
      await ingress.stop();
    }
  });
});
