// Privacy routes over HTTP against the REAL conversation service (gRPC in-process on port 0, over
// the real Kafka broker and MongoDB-wire store, privacy module wired as its main.ts wires it) and
// ingress's CustomerErased consumer: opt-out / opt-in, export and erasure for the business's own
// customers only, strict validation that changes nothing, and erased customers' owed webhook
// deliveries dropped while everybody else's stay.
import {
  buildConversationService,
  createMongoConversationStores,
  type ServedConversationService,
  serveConversationService,
} from "@switchboard/conversation";
import { connectMongo, createLogger, event, type SubscriptionHandle } from "@switchboard/kit";
import { testCallAuth, testServerSecurity, useKafkaTestBus } from "@switchboard/kit/testing";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { InboundMessageReceived, type ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { eventually as eventuallyWithin } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryStore } from "../src/business-webhooks/delivery-store.ts";
import { loadIngressConfig } from "../src/config.ts";
import { createGrpcCustomerPrivacy } from "../src/privacy/grpc-customer-privacy.ts";
import { createConversationClient } from "../src/remote-services.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const B = { tenantId: "tenant-b", businessId: "200000000000002" };
const NUMBER_A = "100000000000001";
const NUMBER_B = "100000000000003";
const cloud = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const ref = (scope: typeof A, phoneNumberId: string, customer: string): ThreadRef => ({
  ...scope,
  phoneNumberId,
  customerId: customer,
  customerWaId: customer,
});
const inbound = (thread: ThreadRef, messageId: string, atMs: number) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: InboundMessageReceived.fromPartial({
      thread,
      messageId,
      type: "text",
      messageJson: `{"text":{"body":"from ${thread.customerId}"}}`,
      receivedAtMs: atMs,
      hosting: cloud,
    }),
  });
const changeAbout = (customer: string) =>
  JSON.stringify({ field: "messages", value: { contacts: [{ wa_id: customer }], messages: [{ from: customer }] } });

interface ExportJson {
  thread: { id: string; customer: { wa_id: string } } | null;
  messages: { id: string }[];
  marketing: { marketing_opted_out: boolean };
  erasures: { thread_id: string; requested_by: string; messages_erased: number; completed_at: number | null }[];
  paging: { cursors: { after?: string }; next?: string };
}

const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 45_000);

describe("privacy routes over HTTP against the real conversation service", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-privacy-test", level: "warn" });
  const now = Date.now();
  const tokens = { a: issueAccessToken(), b: issueAccessToken() };
  let ingressDb: Connection;
  let conversationDb: Connection;
  const kafka = useKafkaTestBus("priv", { logger });
  let conversation: ServedConversationService;
  let app: FastifyInstance;
  let conversationClient: ReturnType<typeof createConversationClient>;
  /** The service's own delivery store, the one writer of `pending_deliveries`. */
  let deliveries: DeliveryStore;
  const subscriptions: SubscriptionHandle[] = [];
  const config = loadIngressConfig({
    ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
    KAFKA_BROKERS: servers.kafkaBrokers.join(","),
    MONGODB_URI: servers.mongodbUri,
  });

  const send = (method: "GET" | "POST" | "DELETE", url: string, token = tokens.a.token, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error?: { code: number; error_subcode?: number } }).error;
  const exportOf = async (number: string, customer: string, token = tokens.a.token) => {
    const response = await send("GET", `/v23.0/${number}/customers/${customer}/export`, token);
    if (response.statusCode !== 200) throw new Error(`export: ${response.statusCode} ${response.body}`);
    return response.json() as ExportJson;
  };
  const owed = async (scope: typeof A, deliveryId: string) =>
    ingressDb.collection("pending_deliveries").countDocuments({ _id: `${scope.tenantId}/${deliveryId}` } as never);

  beforeAll(async () => {
    conversationDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("privconv") });
    ingressDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("privingress") });
    const { bus, prefix } = kafka;
    // The conversation service as its main.ts builds and serves it.
    const service = buildConversationService({
      stores: await createMongoConversationStores(conversationDb),
      bus,
      logger,
      clock: Date.now,
      consumerGroup: `${prefix}conversation`,
    });
    conversation = await serveConversationService(service, {
      bus,
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      retention: { intervalMs: 3_600_000, batchSize: 500 },
    });
    const tenants = (await createMongoTenancy(ingressDb)).admin;
    const number = (phoneNumberId: string) => ({
      phoneNumberId,
      displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
      hostingMode: "cloud" as const,
      processors: ["business", "meta"],
      catalogId: "",
    });
    await tenants.createTenant({
      ...A,
      name: "Bistro Nord",
      kind: "enterprise",
      phoneNumbers: [number(NUMBER_A)],
      tokenId: "token-a",
      tokenHash: tokens.a.hash,
    });
    await tenants.createTenant({
      ...B,
      name: "Other Shop",
      kind: "enterprise",
      phoneNumbers: [number(NUMBER_B)],
      tokenId: "token-b",
      tokenHash: tokens.b.hash,
    });
    conversationClient = createConversationClient(`127.0.0.1:${conversation.grpcPort}`, testCallAuth);
    const ingress = await buildTestIngress({ mongo: ingressDb, bus, logger }, config, {
      privacy: createGrpcCustomerPrivacy(conversationClient),
    });
    deliveries = ingress.deps.webhookDeliveries;
    // Ingress's CustomerErased consumer, as the service runs it.
    subscriptions.push(await ingress.service.workers.erasures.start());
    app = ingress.service.http;
    await app.ready();
    await bus.publish([
      inbound(ref(A, NUMBER_A, "15550000001"), "wamid.a-1", now - 3_000),
      inbound(ref(A, NUMBER_A, "15550000001"), "wamid.a-1b", now - 2_000),
      inbound(ref(A, NUMBER_A, "15550000002"), "wamid.a-2", now - 1_000),
      inbound(ref(B, NUMBER_B, "15550000001"), "wamid.b-1", now - 1_000),
    ]);
    await eventually(async () => {
      expect((await exportOf(NUMBER_A, "15550000001")).messages.map((m) => m.id)).toContain("wamid.a-1b");
      expect((await exportOf(NUMBER_A, "15550000002")).messages.map((m) => m.id)).toContain("wamid.a-2");
      expect((await exportOf(NUMBER_B, "15550000001", tokens.b.token)).messages.map((m) => m.id)).toContain(
        "wamid.b-1",
      );
    });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    conversationClient?.close();
    await Promise.allSettled(subscriptions.map((s) => s.stop()));
    await conversation?.stop();
    for (const db of [conversationDb, ingressDb]) {
      await db?.dropDatabase().catch(() => {});
      await db?.close();
    }
  });

  it("opts a customer out and back in, for the business's own numbers only", async () => {
    const out = await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_out`);
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ success: true, marketing_opted_out: true, source: "api" });
    expect((await exportOf(NUMBER_A, "15550000002")).marketing.marketing_opted_out).toBe(true);
    // B's token on A's number, and on its own number for the same customer id, never touches A's.
    expect(
      errorOf(await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_in`, tokens.b.token)),
    ).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await exportOf(NUMBER_A, "15550000002")).marketing.marketing_opted_out).toBe(true);
    const back = await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_in`);
    expect(back.json()).toMatchObject({ success: true, marketing_opted_out: false });
  });

  it("rejects bad input with Graph errors and changes nothing", async () => {
    const cases: [LightMyRequestResponse, number][] = [
      [await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_out`, "not-a-token"), 190],
      [await send("POST", `/v23.0/${NUMBER_A}/customers/bad%20id/opt_out`), 100],
      [await send("POST", `/vX/${NUMBER_A}/customers/15550000002/opt_out`), 100],
      [await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_out?x=1`), 100],
      [await send("POST", `/v23.0/${NUMBER_A}/customers/15550000002/opt_out`, tokens.a.token, { force: true }), 100],
      [await send("GET", `/v23.0/${NUMBER_A}/customers/15550000002/export?limit=1000`), 100],
      [await send("DELETE", `/v23.0/${NUMBER_A}/customers/15550000002?cascade=1`), 100],
    ];
    for (const [response, code] of cases) expect(errorOf(response)?.code, response.body).toBe(code);
    const data = await exportOf(NUMBER_A, "15550000002");
    expect(data.marketing.marketing_opted_out).toBe(false);
    expect(data.messages.map((m) => m.id)).toContain("wamid.a-2");
  });

  it("exports the customer's data and nothing of another customer or tenant", async () => {
    const data = await exportOf(NUMBER_A, "15550000001");
    expect(data.thread?.customer.wa_id).toBe("15550000001");
    const ids = data.messages.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["wamid.a-1", "wamid.a-1b"]));
    expect(ids).not.toContain("wamid.a-2");
    expect(ids).not.toContain("wamid.b-1");
    // Paged: one message per page, following the next link.
    const first = (await send("GET", `/v23.0/${NUMBER_A}/customers/15550000001/export?limit=1`)).json() as ExportJson;
    expect(first.messages).toHaveLength(1);
    expect(first.paging.next).toContain("after=");
    // B's own customer with the same id is B's data; A's number with B's token is unknown.
    expect((await exportOf(NUMBER_B, "15550000001", tokens.b.token)).messages.map((m) => m.id)).not.toContain(
      "wamid.a-1",
    );
    expect(errorOf(await send("GET", `/v23.0/${NUMBER_A}/customers/15550000001/export`, tokens.b.token))).toMatchObject(
      {
        code: 100,
        error_subcode: 33,
      },
    );
    expect(errorOf(await send("GET", `/v23.0/${NUMBER_A}/customers/15550009999/export`))).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
  });

  it("erases a customer, leaves a tombstone and drops only that customer's owed webhook deliveries", async () => {
    const at = Date.now();
    const owedA = { deliveryId: "msg:wamid.a-1", eventType: "t", phoneNumberId: NUMBER_A };
    await deliveries.enqueue(A, { ...owedA, changeJson: changeAbout("15550000001") }, at);
    await deliveries.enqueue(
      A,
      { deliveryId: "msg:wamid.a-2", eventType: "t", phoneNumberId: NUMBER_A, changeJson: changeAbout("15550000002") },
      at,
    );
    await deliveries.enqueue(
      B,
      { deliveryId: "msg:wamid.b-1", eventType: "t", phoneNumberId: NUMBER_B, changeJson: changeAbout("15550000001") },
      at,
    );
    expect(errorOf(await send("DELETE", `/v23.0/${NUMBER_A}/customers/15550000001`, tokens.b.token))).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
    const erased = await send("DELETE", `/v23.0/${NUMBER_A}/customers/15550000001`);
    expect(erased.statusCode).toBe(200);
    const body = erased.json() as { success: boolean; erasure: ExportJson["erasures"][number] };
    expect(body.erasure).toMatchObject({ requested_by: `business:${A.businessId}` });
    expect(body.erasure.messages_erased).toBeGreaterThanOrEqual(2);
    expect(body.erasure.completed_at).not.toBeNull();
    // A retry answers the same tombstone.
    expect((await send("DELETE", `/v23.0/${NUMBER_A}/customers/15550000001`)).json()).toEqual(body);

    const after = await exportOf(NUMBER_A, "15550000001");
    expect(after.thread).toBeNull();
    expect(after.messages).toEqual([]);
    expect(after.erasures).toEqual([body.erasure]);
    await eventually(async () => expect(await owed(A, "msg:wamid.a-1")).toBe(0));
    expect(await owed(A, "msg:wamid.a-2")).toBe(1);
    expect(await owed(B, "msg:wamid.b-1")).toBe(1);
    expect((await exportOf(NUMBER_B, "15550000001", tokens.b.token)).messages.map((m) => m.id)).toContain("wamid.b-1");
  });
});
