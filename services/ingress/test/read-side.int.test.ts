// The read side over HTTP against the REAL conversation service: its gRPC server in-process on
// port 0 over the real Kafka broker and MongoDB-wire store (wired as its main.ts wires it, hosting
// notices and history included), and the ingress app built in-process with the real gRPC adapter.
// Proves listing, paging, filters, messages, hosting history and audit over HTTP, and that no
// route ever shows one tenant or business another's data.
import {
  buildConversationService,
  createMongoConversationStores,
  hostingNoticeText,
  type ServedConversationService,
  serveConversationService,
} from "@switchboard/conversation";
import { connectMongo, createLogger, event } from "@switchboard/kit";
import { testCallAuth, testServerSecurity, useKafkaTestBus } from "@switchboard/kit/testing";
import {
  InboundMessageReceivedEvent,
  OutboundMessageAcceptedEvent,
  PhoneNumberHostingChangedEvent,
  threadKey,
} from "@switchboard/proto";
import {
  InboundMessageReceived,
  OutboundMessageAccepted,
  type ThreadRef,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { eventually as eventuallyWithin } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { unknownObject } from "../src/graph/graph-errors.ts";
import type { IngressDeps } from "../src/ingress-deps.ts";
import { buildIngressService } from "../src/ingress-service.ts";
import { createGrpcConversationReader } from "../src/read-side/grpc-conversation-reader.ts";
import { createConversationClient } from "../src/remote-services.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const A2 = { tenantId: "tenant-a", businessId: "200000000000009" };
const B = { tenantId: "tenant-b", businessId: "200000000000002" };
const NUMBER_A = "100000000000001";
const OTHER_NUMBER_A = "100000000000002";
const NUMBER_A2 = "100000000000009";
const NUMBER_B = "100000000000003";
const HOUR_MS = 3_600_000;
const cloud = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const onPremises = { hostingMode: "on_premises", encryptionState: "end_to_end", processors: ["business"] };
const bsp = {
  hostingMode: "bsp",
  encryptionState: "provider_accessible",
  processors: ["business", "meta", "bsp:acme"],
};

const ref = (scope: typeof A, phoneNumberId: string, customer: string): ThreadRef => ({
  ...scope,
  phoneNumberId,
  customerId: customer,
  customerWaId: customer,
});
const inbound = (thread: ThreadRef, messageId: string, atMs: number, hosting = cloud) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: InboundMessageReceived.fromPartial({
      thread,
      messageId,
      type: "text",
      messageJson: `{"text":{"body":"from ${thread.customerId}"}}`,
      sentAtMs: atMs,
      receivedAtMs: atMs,
      hosting,
    }),
  });
const outbound = (thread: ThreadRef, messageId: string, atMs: number) =>
  event(OutboundMessageAcceptedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: OutboundMessageAccepted.fromPartial({
      thread,
      messageId,
      type: "text",
      bodyJson: '{"text":{"body":"hello back"}}',
      acceptedAtMs: atMs,
      hosting: cloud,
    }),
  });

interface Listed<T> {
  data: T[];
  paging: { cursors: { after?: string }; next?: string };
}
interface ThreadJson {
  id: string;
  phone_number_id: string;
  customer: { id: string; wa_id: string };
  hosting: { hosting_mode: string; encryption_state: string; processors: string[]; label: string };
  window: { open: boolean; expires_at: string | null };
  hosting_history?: { change_id: string; to: { hosting_mode: string; label: string } }[];
}
interface MessageJson {
  id: string;
  direction: string;
  status: string | null;
  content: { system?: { body: string }; text?: { body: string } };
  hosting: { hosting_mode: string };
}

const eventually = <T>(check: () => Promise<T> | T, timeoutMs = 45_000) => eventuallyWithin(check, timeoutMs);

describe("read side over HTTP against the real conversation service", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-read-test", level: "warn" });
  const now = Date.now();
  const tokens = { a: issueAccessToken(), a2: issueAccessToken(), b: issueAccessToken() };
  let ingressDb: Connection;
  let conversationDb: Connection;
  const kafka = useKafkaTestBus("read", { logger });
  let conversation: ServedConversationService;
  let app: FastifyInstance;
  let conversationClient: ReturnType<typeof createConversationClient>;
  let deps: IngressDeps;
  const config = loadIngressConfig({
    ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
    KAFKA_BROKERS: servers.kafkaBrokers.join(","),
    MONGODB_URI: servers.mongodbUri,
  });

  const get = (url: string, token = tokens.a.token) =>
    app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  const ok = async <T>(url: string, token = tokens.a.token): Promise<T> => {
    const response = await get(url, token);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json() as T;
  };
  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error?: { code: number; error_subcode?: number } }).error;
  /** Every item of a listing, following paging.next as a client would. */
  async function allPages<T>(url: string, token = tokens.a.token): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let pages = 0;
    for (let next: string | undefined = url; next; pages += 1) {
      const page: Listed<T> = await ok<Listed<T>>(next, token);
      items.push(...page.data);
      next = page.paging.next ? new URL(page.paging.next).pathname + new URL(page.paging.next).search : undefined;
    }
    return { items, pages };
  }
  const threadsOf = (number: string, query = "", token = tokens.a.token) =>
    allPages<ThreadJson>(`/v23.0/${number}/threads?limit=2${query}`, token).then((r) => r.items);
  const threadIdOf = async (number: string, customer: string, token = tokens.a.token) => {
    const match = (await threadsOf(number, "", token)).find((t) => t.customer.wa_id === customer);
    if (!match) throw new Error(`no thread of ${customer} on ${number} yet`);
    return match.id;
  };

  beforeAll(async () => {
    conversationDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("readconv") });
    ingressDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("readingress") });
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

    // Ingress: three businesses in two tenants, each with its own token.
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
      phoneNumbers: [number(NUMBER_A), number(OTHER_NUMBER_A)],
      tokenId: "token-a",
      tokenHash: tokens.a.hash,
    });
    await tenants.upsertBusinessAccount(A2.tenantId, A2.businessId, "Bistro Süd");
    await tenants.upsertPhoneNumber(A2, number(NUMBER_A2));
    await tenants.issueToken(A2, "token-a2", tokens.a2.hash);
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
      conversations: createGrpcConversationReader(conversationClient),
    });
    deps = ingress.deps;
    app = ingress.service.http;
    await app.ready();

    const recent = (i: number) => now - 60_000 - i * 1_000;
    await bus.publish([
      inbound(ref(A, NUMBER_A, "15550000001"), "wamid.a-1", recent(1)),
      outbound(ref(A, NUMBER_A, "15550000001"), "wamid.a-1-reply", recent(0)),
      inbound(ref(A, NUMBER_A, "15550000002"), "wamid.a-2", recent(2)),
      inbound(ref(A, NUMBER_A, "15550000003"), "wamid.a-3", recent(3)),
      inbound(ref(A, NUMBER_A, "15550000004"), "wamid.a-4", recent(4), onPremises),
      // Wrote two days ago: its window is closed and it was not updated in the last hour.
      inbound(ref(A, NUMBER_A, "15550000005"), "wamid.a-5", now - 48 * HOUR_MS),
      inbound(ref(A, OTHER_NUMBER_A, "15550000009"), "wamid.a-9", recent(9)),
      inbound(ref(A2, NUMBER_A2, "15550000001"), "wamid.a2-1", recent(1)),
      inbound(ref(B, NUMBER_B, "15550000001"), "wamid.b-1", recent(1)),
    ]);
    await eventually(async () => {
      const counts = await Promise.all([
        threadsOf(NUMBER_A),
        threadsOf(OTHER_NUMBER_A),
        threadsOf(NUMBER_A2, "", tokens.a2.token),
        threadsOf(NUMBER_B, "", tokens.b.token),
      ]);
      if (counts.map((c) => c.length).join() !== "5,1,1,1") throw new Error("threads not all stored yet");
    });
  });

  afterAll(async () => {
    await app?.close();
    conversationClient?.close();
    await conversation?.stop();
    for (const db of [conversationDb, ingressDb]) {
      await db?.dropDatabase().catch(() => {});
      await db?.close();
    }
  });

  it("lists a number's threads page by page with their hosting label and window", async () => {
    const { items, pages } = await allPages<ThreadJson>(`/v23.0/${NUMBER_A}/threads?limit=2`);
    expect(pages).toBe(3);
    expect(items).toHaveLength(5);
    expect(new Set(items.map((t) => t.id)).size).toBe(5);
    expect(items.every((t) => t.phone_number_id === NUMBER_A && /^th_[0-9a-f]{32}$/.test(t.id))).toBe(true);
    const open = items.filter((t) => t.window.open);
    expect(open).toHaveLength(4);
    expect(open.every((t) => Number(t.window.expires_at) > now / 1000)).toBe(true);
    const cloudThread = items.find((t) => t.hosting.hosting_mode === "cloud");
    expect(cloudThread?.hosting).toEqual({
      hosting_mode: "cloud",
      encryption_state: "provider_accessible",
      processors: ["business", "meta"],
      label: hostingNoticeText("cloud"),
    });
  });

  it("filters by hosting mode, encryption state, window and update time", async () => {
    const ids = async (query: string) => (await threadsOf(NUMBER_A, query)).length;
    expect(await ids("&hosting_mode=on_premises")).toBe(1);
    expect(await ids("&encryption_state=end_to_end")).toBe(1);
    expect(await ids("&encryption_state=provider_accessible")).toBe(4);
    expect(await ids("&window_open=false")).toBe(1);
    expect(await ids("&window_open=true&hosting_mode=cloud")).toBe(3);
    expect(await ids(`&updated_since=${Math.floor((now - HOUR_MS) / 1000)}`)).toBe(4);
    expect(await ids("&hosting_mode=bsp")).toBe(0);
  });

  it("returns a thread's messages with their content, status and the notice the customer saw", async () => {
    const threadId = await threadIdOf(NUMBER_A, "15550000001");
    // The notice is stored right after the first message; wait until all three are there.
    const { items, pages } = await eventually(async () => {
      const all = await allPages<MessageJson>(`/v23.0/${NUMBER_A}/threads/${threadId}/messages?limit=2`);
      if (all.items.length < 3) throw new Error("messages not all stored yet");
      return all;
    });
    expect(pages).toBe(2);
    expect(items.map((m) => m.direction).sort()).toEqual(["inbound", "outbound", "system"]);
    const notice = items.find((m) => m.direction === "system");
    // The label ingress shows is the text the conversation service put in the chat.
    const thread = await ok<ThreadJson>(`/v23.0/${NUMBER_A}/threads/${threadId}`);
    expect(notice?.content.system?.body).toBe(thread.hosting.label);
    expect(items.find((m) => m.id === "wamid.a-1-reply")).toMatchObject({
      status: "accepted",
      content: { text: { body: "hello back" } },
      hosting: { hosting_mode: "cloud" },
    });
    expect(items.find((m) => m.id === "wamid.a-1")).toMatchObject({
      status: null,
      content: { text: { body: "from 15550000001" } },
    });
  });

  // The fan-out runs in its own consumer group; under load on a small machine it can take a while.
  it("shows a hosting migration in the thread's history and in the audit of messages around it", {
    timeout: 120_000,
  }, async () => {
    const threadId = await threadIdOf(OTHER_NUMBER_A, "15550000009");
    await kafka.bus.publish([
      event(PhoneNumberHostingChangedEvent, {
        key: `${A.tenantId}/${OTHER_NUMBER_A}`,
        tenantId: A.tenantId,
        id: "chg-to-bsp",
        data: {
          ...A,
          phoneNumberId: OTHER_NUMBER_A,
          from: cloud,
          to: bsp,
          reason: "moved to a partner",
          changedBy: "ops@tenant-a",
          changedAtMs: now - 30_000,
        },
      }),
    ]);
    const thread = await eventually(async () => {
      const found = await ok<ThreadJson>(`/v23.0/${OTHER_NUMBER_A}/threads/${threadId}`);
      if ((found.hosting_history ?? []).length < 2) throw new Error("change not fanned out yet");
      return found;
    }, 100_000);
    expect(thread.hosting_history?.map((h) => [h.change_id, h.to.hosting_mode])).toEqual([
      ["initial", "cloud"],
      ["chg-to-bsp", "bsp"],
    ]);
    expect(thread.hosting).toMatchObject({ hosting_mode: "bsp", label: hostingNoticeText("bsp") });
    await kafka.bus.publish([inbound(ref(A, OTHER_NUMBER_A, "15550000009"), "wamid.a-9-after", now - 10_000, bsp)]);

    const before = await ok<Record<string, unknown>>("/v23.0/messages/wamid.a-9/audit");
    expect(before).toMatchObject({
      id: "wamid.a-9",
      thread_id: threadId,
      readable_by: ["business", "meta"],
      in_force: { change_id: "initial" },
      next_change: { change_id: "chg-to-bsp", reason: "moved to a partner", changed_by: "ops@tenant-a" },
    });
    const after = await eventually(() => ok<Record<string, unknown>>("/v23.0/messages/wamid.a-9-after/audit"));
    expect(after).toMatchObject({
      readable_by: ["business", "meta", "bsp:acme"],
      hosting: { encryption_state: "provider_accessible", label: hostingNoticeText("bsp") },
      in_force: { change_id: "chg-to-bsp" },
      next_change: null,
    });
  });

  it("shows another tenant or another business none of it, on every route", async () => {
    const threadA = await threadIdOf(NUMBER_A, "15550000001");
    const threadOtherNumber = await threadIdOf(OTHER_NUMBER_A, "15550000009");
    const threadB = await threadIdOf(NUMBER_B, "15550000001", tokens.b.token);
    // Each route of A's data, with the id its refusal names: the number, unless no number is asked.
    const routesOfA = [
      [`/v23.0/${NUMBER_A}/threads`, NUMBER_A],
      [`/v23.0/${NUMBER_A}/threads/${threadA}`, NUMBER_A],
      [`/v23.0/${NUMBER_A}/threads/${threadA}/messages`, NUMBER_A],
      ["/v23.0/messages/wamid.a-1/audit", "wamid.a-1"],
    ] as const;
    for (const token of [tokens.b.token, tokens.a2.token]) {
      for (const [url, objectId] of routesOfA) {
        const response = await get(url, token);
        expect(response.statusCode, url).toBe(400);
        // Exactly the answer for an object that never existed, naming only what the caller sent.
        const expected = unknownObject(objectId).toBody("");
        expect(response.json(), url).toEqual({ error: { ...expected.error, fbtrace_id: expect.any(String) } });
      }
    }
    // Their own numbers show their own threads only.
    const ofB = await threadsOf(NUMBER_B, "", tokens.b.token);
    expect(ofB.map((t) => t.id)).toEqual([threadB]);
    expect(ofB.map((t) => t.id)).not.toContain(threadA);
    const ofA2 = await threadsOf(NUMBER_A2, "", tokens.a2.token);
    expect(ofA2).toHaveLength(1);
    expect(ofA2[0]?.id).not.toBe(threadA);
    // A thread of another number (own business) or of another tenant, behind an own number.
    for (const url of [
      `/v23.0/${NUMBER_A}/threads/${threadOtherNumber}`,
      `/v23.0/${NUMBER_A}/threads/${threadOtherNumber}/messages`,
      `/v23.0/${NUMBER_A}/threads/${threadB}`,
      `/v23.0/${NUMBER_A}/threads/${threadB}/messages`,
      "/v23.0/messages/wamid.b-1/audit",
    ]) {
      expect(errorOf(await get(url)), url).toMatchObject({ code: 100, error_subcode: 33 });
    }
  });

  it("refuses a tampered cursor with error 100 and answers 503 when the conversation service is down", async () => {
    const tampered = Buffer.from("[1,2]").toString("base64url");
    expect(errorOf(await get(`/v23.0/${NUMBER_A}/threads?after=${tampered}`))).toMatchObject({ code: 100 });
    const down = createConversationClient("127.0.0.1:1", testCallAuth);
    const offline = buildIngressService(
      { ...deps, conversations: createGrpcConversationReader(down, { timeoutMs: 1_000 }) },
      config,
    ).http;
    try {
      const response = await offline.inject({
        method: "GET",
        url: `/v23.0/${NUMBER_A}/threads`,
        headers: { authorization: `Bearer ${tokens.a.token}` },
      });
      expect(response.statusCode).toBe(503);
      expect(errorOf(response)?.code).toBe(2);
    } finally {
      await offline.close();
      down.close();
    }
  });
});
