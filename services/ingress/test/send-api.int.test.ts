// The send API built in-process (the service builder) against the real Kafka broker and the real
// MongoDB-wire server: every message type is accepted and publishes exactly one event; refusals
// (bad bodies, unknown products, rate limits — of mark-reads too —, another business's token)
// publish nothing; an Idempotency-Key makes a retry return the first answer without a second event.
import { connectMongo, createLogger, EventHandlers, type SubscriptionHandle } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { MessageReadByBusinessEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CatalogPort } from "../src/catalog/catalog-port.ts";
import { loadIngressConfig } from "../src/config.ts";
import { createInMemoryRateLimiter, rateLimitOptionsOf } from "../src/rate-limit/in-memory-rate-limiter.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { approveTemplateFor } from "./support/approved-template.ts";
import {
  CONTACTS_WITH_NULLS,
  DROP,
  MARK_READ_TYPING,
  VALID_MESSAGES,
  variant,
} from "./support/send-request-fixtures.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

interface Seen {
  type: string;
  eventId: string;
  tenantId: string;
  messageId: string;
  data: unknown;
}

const NUMBER_A = "100000000000001";
const SLOW_NUMBER_A = "100000000000002";
const NUMBER_B = "100000000000003";
const CATALOG = "700100200300";
const KNOWN_PRODUCTS = new Set(["sku-espresso"]);

describe("send API against Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("send", { source: "/switchboard/ingress", partitions: 1, logger });
  /** The rate limiter's clock: the wall clock, unless a test holds it still (`held`). */
  const clock: { held: number | undefined } = { held: undefined };
  let mongo: Connection;
  let subscription: SubscriptionHandle;
  let app: FastifyInstance;
  const tokenA = issueAccessToken();
  const tokenB = issueAccessToken();
  const seen: Seen[] = [];
  let recipient = 0;
  /** A fresh recipient per request, so the pair rate only bites where a test wants it to. */
  const nextRecipient = () => {
    recipient += 1;
    return `1555${String(recipient).padStart(7, "0")}`;
  };

  const send = (body: unknown, options: { token?: string; number?: string; key?: string } = {}) =>
    app.inject({
      method: "POST",
      url: `/v23.0/${options.number ?? NUMBER_A}/messages`,
      headers: {
        authorization: `Bearer ${options.token ?? tokenA.token}`,
        ...(options.key === undefined ? {} : { "idempotency-key": options.key }),
      },
      payload: body as object,
    });

  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error: { code: number; error_subcode?: number; error_data?: { details: string } } }).error;
  const wamidOf = (response: LightMyRequestResponse) =>
    (response.json() as { messages: [{ id: string }] }).messages[0].id;

  /** Sends a marker and waits for it: with one partition, every event published before it has
   * then been seen. Returns (and forgets) the events seen before the marker. */
  async function drain(): Promise<Seen[]> {
    const marker = await send({ ...VALID_MESSAGES.text, to: nextRecipient() });
    expect(marker.statusCode).toBe(200);
    const markerId = wamidOf(marker);
    await eventually(() => {
      if (!seen.some((e) => e.messageId === markerId)) throw new Error("marker not seen yet");
    });
    // The marker went to another recipient, so maybe another partition: events published before
    // it can still be in flight on theirs. Wait until nothing new arrives for a while.
    for (let count = -1; count !== seen.length; ) {
      count = seen.length;
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    return seen.splice(0, seen.length).filter((e) => e.messageId !== markerId);
  }

  beforeAll(async () => {
    const { bus, prefix } = kafka;
    const database = uniqueName("ingress_send");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const handlers = new EventHandlers()
      .on(OutboundMessageAcceptedEvent, async (e) => {
        seen.push({ type: e.type, eventId: e.id, tenantId: e.tenantId, messageId: e.data.messageId, data: e.data });
      })
      .on(MessageReadByBusinessEvent, async (e) => {
        seen.push({ type: e.type, eventId: e.id, tenantId: e.tenantId, messageId: e.data.messageId, data: e.data });
      });
    subscription = await bus.subscribe({ groupId: `${prefix}observer`, handlers });

    const tenancy = await createMongoTenancy(mongo);
    const tenants = tenancy.admin;
    const number = (phoneNumberId: string, throughputMps: number) => ({
      phoneNumberId,
      displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
      hostingMode: "cloud" as const,
      processors: ["business", "meta"],
      catalogId: CATALOG,
      throughputMps,
    });
    await tenants.createTenant({
      tenantId: "tenant-a",
      name: "Bistro Nord",
      kind: "enterprise",
      businessId: "200000000000001",
      phoneNumbers: [number(NUMBER_A, 1000), number(SLOW_NUMBER_A, 1)],
      tokenId: "token-a",
      tokenHash: tokenA.hash,
    });
    await tenants.createTenant({
      tenantId: "tenant-b",
      name: "Other Shop",
      kind: "enterprise",
      businessId: "200000000000002",
      phoneNumbers: [number(NUMBER_B, 80)],
      tokenId: "token-b",
      tokenHash: tokenB.hash,
    });

    const catalog: CatalogPort = {
      async unknownProducts(_caller, _catalogId, retailerIds) {
        return retailerIds.filter((id) => !KNOWN_PRODUCTS.has(id));
      },
    };
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
    });
    const ingress = await buildTestIngress({ mongo, bus, logger }, config, {
      tenancy,
      catalog,
      // As main.ts builds it: the limits come from the config (Meta's pair rule by default); only
      // the clock is the test's.
      rateLimiter: createInMemoryRateLimiter({ ...rateLimitOptionsOf(config), now: () => clock.held ?? Date.now() }),
    });
    // Template sends are checked against the business's approved template: approve the one sent.
    await approveTemplateFor(
      ingress.deps.messageTemplates,
      { tenantId: "tenant-a", businessId: "200000000000001" },
      VALID_MESSAGES.template,
    );
    app = ingress.service.http;
    await app.ready();
  });

  // The consumer is live, and whatever an earlier (failed) test left behind is forgotten.
  beforeEach(async () => {
    await drain();
  });

  afterAll(async () => {
    await app?.close();
    await subscription?.stop();
    await mongo?.close();
  });

  it("accepts every message type and publishes exactly one event for each", async () => {
    const accepted = new Map<string, string>();
    for (const [name, body] of Object.entries(VALID_MESSAGES)) {
      const response = await send({ ...body, to: nextRecipient() });
      expect(response.statusCode, name).toBe(200);
      expect(response.json()).toMatchObject({
        messaging_product: "whatsapp",
        contacts: [{ wa_id: expect.any(String) }],
      });
      accepted.set(wamidOf(response), body.type);
    }
    const events = await drain();
    expect(events).toHaveLength(accepted.size);
    for (const event of events) {
      expect(event.type).toBe(OutboundMessageAcceptedEvent.type);
      expect(event.tenantId).toBe("tenant-a");
      expect(event.eventId).toBe(event.messageId);
      expect(event.data).toMatchObject({ type: accepted.get(event.messageId) });
    }
    expect(new Set(events.map((e) => e.messageId))).toEqual(new Set(accepted.keys()));
    const reply = events.find((e) => (e.data as { bizOpaqueCallbackData: string }).bizOpaqueCallbackData);
    expect(reply?.data).toMatchObject({ bizOpaqueCallbackData: "order-42", contextMessageId: expect.any(String) });
  });

  it("serves a send without a version in the path at the default version, as Graph does", async () => {
    const response = await app.inject({
      method: "POST",
      url: `/${NUMBER_A}/messages`,
      headers: { authorization: `Bearer ${tokenA.token}` },
      payload: { ...VALID_MESSAGES.text, to: nextRecipient() },
    });
    expect(response.statusCode).toBe(200);
    const events = await drain();
    expect(events.map((e) => e.messageId)).toEqual([wamidOf(response)]);
  });

  it("marks a message read with a typing indicator: success, one read event", async () => {
    const response = await send(MARK_READ_TYPING);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    const events = await drain();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: MessageReadByBusinessEvent.type,
      messageId: MARK_READ_TYPING.message_id,
      data: { phoneNumberId: NUMBER_A, typingIndicator: true },
    });
  });

  it("refuses bad requests in Graph's shape and publishes nothing", async () => {
    const missing = await send({ ...VALID_MESSAGES.text, text: undefined, to: nextRecipient() });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 131008, error_data: { details: "text is required" } });

    const unknownProduct = await send({
      ...VALID_MESSAGES["interactive product"],
      to: nextRecipient(),
      interactive: {
        ...VALID_MESSAGES["interactive product"].interactive,
        action: { catalog_id: CATALOG, product_retailer_id: "sku-ghost" },
      },
    });
    expect(errorOf(unknownProduct).code).toBe(131009);
    expect(errorOf(unknownProduct).error_data?.details).toContain("sku-ghost");

    const malformed = await app.inject({
      method: "POST",
      url: `/v23.0/${NUMBER_A}/messages`,
      headers: { authorization: `Bearer ${tokenA.token}`, "content-type": "application/json" },
      payload: '{"messaging_product": "whatsapp", "to": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).code).toBe(100);

    const oversized = await send({ ...VALID_MESSAGES.text, to: nextRecipient(), padding: "x".repeat(3_200_000) });
    expect(oversized.statusCode).toBe(413);
    expect(errorOf(oversized).code).toBe(100);

    const injected = await send({ ...VALID_MESSAGES.reaction, reaction: { message_id: { $ne: null }, emoji: "👍" } });
    expect(errorOf(injected).code).toBe(131009);

    const badKey = await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { key: "k".repeat(256) });
    expect(errorOf(badKey).code).toBe(100);

    expect(await drain()).toEqual([]);
  });

  it("answers a retry with the same Idempotency-Key with the first response and one event", async () => {
    const body = { ...VALID_MESSAGES.text, to: nextRecipient() };
    const key = uniqueName("key");
    const first = await send(body, { key });
    const retry = await send(body, { key });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());

    const concurrentBody = { ...VALID_MESSAGES.text, to: nextRecipient() };
    const [a, b] = await Promise.all([
      send(concurrentBody, { key: "concurrent" }),
      send(concurrentBody, { key: "concurrent" }),
    ]);
    expect(wamidOf(a)).toBe(wamidOf(b));

    const events = await drain();
    expect(events.map((e) => e.messageId)).toEqual([wamidOf(first), wamidOf(a)]);
  });

  it("refuses the same key with another body, keeps keys per tenant and literal", async () => {
    const key = uniqueName("key");
    const first = await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { key });
    const other = await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { key });
    expect(other.statusCode).toBe(422);
    expect(errorOf(other).code).toBe(100);

    // The same key string in another tenant is another key; an operator-looking key is a literal.
    const otherTenant = await send(
      { ...VALID_MESSAGES.text, to: nextRecipient() },
      { key, token: tokenB.token, number: NUMBER_B },
    );
    expect(otherTenant.statusCode).toBe(200);
    const operatorKey = await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { key: '{"$ne":null}' });
    expect(operatorKey.statusCode).toBe(200);
    expect(wamidOf(operatorKey)).not.toBe(wamidOf(first));

    const events = await drain();
    expect(events.map((e) => e.messageId)).toEqual([wamidOf(first), wamidOf(otherTenant), wamidOf(operatorKey)]);
    expect(events[1]?.tenantId).toBe("tenant-b");
  });

  it("carries every newer interactive type whole in its event; an invalid one is refused and publishes nothing", async () => {
    const names = [
      "interactive call_permission_request",
      "interactive location_request_message",
      "interactive carousel",
      "interactive carousel with quick replies",
      "interactive order_details",
      "interactive order_status",
    ] as const;
    const sent = new Map<string, object>();
    for (const name of names) {
      const body = { ...VALID_MESSAGES[name], to: nextRecipient() };
      const response = await send(body);
      expect(response.statusCode, name).toBe(200);
      sent.set(wamidOf(response), body);
    }
    const invalid: [unknown, number][] = [
      [variant(VALID_MESSAGES["interactive call_permission_request"], "interactive.body", DROP), 131008],
      [variant(VALID_MESSAGES["interactive location_request_message"], "interactive.action.name", "x"), 131009],
      [variant(VALID_MESSAGES["interactive carousel"], "interactive.action.cards.1.card_index", 0), 131009],
      [
        variant(VALID_MESSAGES["interactive order_details"], "interactive.action.parameters.total_amount.value", 1),
        131009,
      ],
      [
        variant(VALID_MESSAGES["interactive order_status"], "interactive.action.parameters.order.status", "lost"),
        131009,
      ],
    ];
    for (const [body, code] of invalid) {
      const response = await send({ ...(body as object), to: nextRecipient() });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code, error_data: { details: expect.any(String) } });
    }
    const events = await drain();
    expect(events).toHaveLength(names.length);
    for (const e of events) {
      const data = e.data as { type: string; bodyJson: string };
      expect(data.type).toBe("interactive");
      expect(JSON.parse(data.bodyJson)).toEqual(sent.get(e.messageId));
    }
  });

  it("accepts a contacts card with nulls for its unset fields, as a Python client sends it", async () => {
    const response = await send({ ...CONTACTS_WITH_NULLS, to: nextRecipient() });
    expect(response.statusCode).toBe(200);
    const events = await drain();
    expect(events).toHaveLength(1);
    const data = events[0]?.data as { bodyJson: string };
    const body = JSON.parse(data.bodyJson) as { contacts: object[] };
    expect(body.contacts[0]).toEqual({
      name: { formatted_name: "Ada Lovelace", first_name: "Ada" },
      phones: [{ phone: "+44 20 7946 0000", type: "WORK" }],
      emails: [],
      urls: [],
      addresses: [{ city: "London", country_code: "GB" }],
    });
  });

  it("answers 429 with Retry-After and 130429 over the number's throughput", async () => {
    const responses = [];
    for (let i = 0; i < 4; i += 1) {
      responses.push(await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { number: SLOW_NUMBER_A }));
    }
    const refused = responses.filter((r) => r.statusCode === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.headers["retry-after"]).toBe("1");
    expect(errorOf(refused[0] as LightMyRequestResponse).code).toBe(130429);
    const events = await drain();
    expect(events).toHaveLength(responses.length - refused.length);
  });

  it("takes a mark-read from the number's throughput like a send: over it, 429 with 130429 and no event", async () => {
    // Held well after any earlier request, so the 1-message/s budget is full, then spent by the first.
    clock.held = Date.now() + 10_000;
    const responses = [];
    try {
      for (let i = 0; i < 2; i += 1) responses.push(await send(MARK_READ_TYPING, { number: SLOW_NUMBER_A }));
    } finally {
      clock.held = undefined;
    }
    expect(responses.map((r) => r.statusCode)).toEqual([200, 429]);
    expect(responses[1]?.headers["retry-after"]).toBe("1");
    expect(errorOf(responses[1] as LightMyRequestResponse).code).toBe(130429);
    const events = await drain();
    expect(events.map((e) => [e.type, (e.data as { phoneNumberId: string }).phoneNumberId])).toEqual([
      [MessageReadByBusinessEvent.type, SLOW_NUMBER_A],
    ]);
  });

  it("lets one recipient get a burst of 45, then answers 429 with 131056 in Graph's shape", async () => {
    const to = nextRecipient();
    const responses = [];
    // The 46 requests take a while (~2 s); with the clock held, no part of a token is repaid
    // meanwhile, so the refusal waits the whole interval: Retry-After is exactly 6.
    clock.held = Date.now();
    try {
      for (let i = 0; i < 46; i += 1) responses.push(await send({ ...VALID_MESSAGES.text, to }));
    } finally {
      clock.held = undefined;
    }
    expect(responses.slice(0, 45).filter((r) => r.statusCode === 200)).toHaveLength(45);
    const refused = responses[45] as LightMyRequestResponse;
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("6");
    expect(refused.json()).toEqual({
      error: {
        message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        type: "OAuthException",
        code: 131056,
        error_data: {
          messaging_product: "whatsapp",
          details: "Too many messages sent from this phone number to the same recipient in a short period of time",
        },
        fbtrace_id: expect.any(String),
      },
    });
    expect(await drain()).toHaveLength(45);
  });

  it("refuses another business's token on this number as Meta does, publishing nothing", async () => {
    const response = await send({ ...VALID_MESSAGES.text, to: nextRecipient() }, { token: tokenB.token });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 100, error_subcode: 33 });
    const read = await send(MARK_READ_TYPING, { token: tokenB.token });
    expect(errorOf(read)).toMatchObject({ code: 100, error_subcode: 33 });
    expect(await drain()).toEqual([]);
  });
});
