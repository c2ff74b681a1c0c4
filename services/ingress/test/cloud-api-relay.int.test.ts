// The production relay to Meta, built in-process (the service builder) against the real Kafka
// broker and MongoDB-wire store, with a local HTTP server standing in for Graph (never the
// internet): a business account and number registered through the admin API under the ids Meta
// gave them, with the business's system-user token, app secret and Graph API version. The Cloud
// API channel then calls Graph at that version, for Meta's number id, with that token — sends,
// throttled sends (Retry-After), refused sends and mark-reads (once, also when redelivered) — and
// Meta's webhooks signed with that app's secret are taken for Meta's number id. Media a customer
// sends is archived from Graph under Meta's media id, so its download keeps working after Meta's
// copy expires; media the business uploaded here is uploaded to Graph on first use in a send.
// A send whose answer is lost is reported failed (outcome unknown), and Meta's later status of it,
// naming a wamid never recorded here, still reaches the business's message through the callback
// data Meta echoes.
import { randomBytes } from "node:crypto";
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
  isOutcomeUnknown,
  MessageReadByBusinessEvent,
  MessageStatusReceivedEvent,
  OutboundMessageReadyToSendEvent,
  threadKey,
} from "@switchboard/proto";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import type { IngressDeps } from "../src/ingress-deps.ts";
import { type GraphStandIn, startGraphStandIn } from "./support/graph-stand-in.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const META_WABA = "410000000000001";
const META_PHONE = "510000000000001";
const SYSTEM_USER_TOKEN = `EAAGrelay${randomBytes(12).toString("hex")}`;
const APP_SECRET = `relayapp${randomBytes(12).toString("hex")}`;
const GRAPH_VERSION = "v21.0";
const ADMIN = { authorization: "Bearer test-admin-token-0123456789abcdef" };
const CUSTOMER = "15557770101";

interface Status {
  messageId: string;
  status: string;
  errorsJson: string;
  bizOpaqueCallbackData: string;
}

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/upstream", `${name}.json`), "utf8");
/** A fixture addressed to the registered number and business, with the given message id. */
const metaWebhook = (name: string, from: string, to: string) =>
  Buffer.from(
    fixture(name)
      .replaceAll("200000000000001", META_WABA)
      .replaceAll("100000000000001", META_PHONE)
      .replaceAll(from, to),
  );

describe("Cloud API relay against a local Graph stand-in, Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("relay", { source: "/switchboard/ingress", partitions: 1, logger });
  let mongo: Connection;
  let graph: GraphStandIn;
  let app: FastifyInstance;
  let deps: IngressDeps;
  let observer: SubscriptionHandle;
  let sender: SubscriptionHandle;
  let archive: SubscriptionHandle;
  let tenantId = "";
  let businessToken = "";
  const statuses: Status[] = [];
  const inbound: { messageId: string; tenantId: string; phoneNumberId: string }[] = [];

  const thread = () => ({
    tenantId,
    businessId: META_WABA,
    phoneNumberId: META_PHONE,
    customerId: CUSTOMER,
    customerWaId: CUSTOMER,
  });
  const textBody = (text: string, callback?: string) => ({
    messaging_product: "whatsapp",
    to: CUSTOMER,
    type: "text",
    text: { body: text },
    ...(callback === undefined ? {} : { biz_opaque_callback_data: callback }),
  });
  /** What Meta receives in `biz_opaque_callback_data`: our id wrapped around the business's value. */
  const wrapped = (messageId: string, business = "") => `~sb1:${messageId.length}:${messageId}${business}`;
  const readyToSend = (messageId: string, text: string, callback?: string) =>
    kafka.bus.publish([
      event(OutboundMessageReadyToSendEvent, {
        key: threadKey(thread()),
        tenantId,
        data: {
          thread: thread(),
          messageId,
          type: "text",
          bodyJson: JSON.stringify(textBody(text, callback)),
          bizOpaqueCallbackData: callback ?? "",
          hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
        },
      }),
    ]);
  const readByBusiness = (id: string, messageId: string) =>
    kafka.bus.publish([
      event(MessageReadByBusinessEvent, {
        id,
        key: `${tenantId}/${META_PHONE}`,
        tenantId,
        data: {
          tenantId,
          businessId: META_WABA,
          phoneNumberId: META_PHONE,
          messageId,
          typingIndicator: true,
          readAtMs: 1,
        },
      }),
    ]);
  const statusOf = (messageId: string, status: string) =>
    eventually(() => {
      const found = statuses.find((s) => s.messageId === messageId && s.status === status);
      if (!found) throw new Error(`${status} of ${messageId} not seen yet`);
      return found;
    }, 30_000);
  const graphCallsFor = (predicate: (body: Record<string, unknown>) => boolean) =>
    graph.requests.filter((r) => predicate((r.body ?? {}) as Record<string, unknown>));
  const postWebhook = (body: Buffer, secret: string) =>
    app.inject({
      method: "POST",
      url: "/webhooks/meta",
      headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(body, secret) },
      payload: body,
    });

  beforeAll(async () => {
    graph = await startGraphStandIn(
      [{ phoneNumberId: META_PHONE, accessToken: SYSTEM_USER_TOKEN, apiVersion: GRAPH_VERSION }],
      // Registering the credentials imports the account's templates (none here).
      [{ wabaId: META_WABA, accessToken: SYSTEM_USER_TOKEN, apiVersion: GRAPH_VERSION }],
    );
    observer = await kafka.bus.subscribe({
      groupId: `${kafka.prefix}observer`,
      handlers: new EventHandlers()
        .on(MessageStatusReceivedEvent, async (e) => {
          statuses.push({
            messageId: e.data.messageId,
            status: e.data.status,
            errorsJson: e.data.errorsJson,
            bizOpaqueCallbackData: e.data.bizOpaqueCallbackData,
          });
        })
        .on(InboundMessageReceivedEvent, async (e) => {
          inbound.push({
            messageId: e.data.messageId,
            tenantId: e.tenantId,
            phoneNumberId: e.data.thread?.phoneNumberId ?? "",
          });
        }),
    });
    const database = uniqueName("ingress_relay");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      UPSTREAM_CHANNEL: "cloud_api",
      UPSTREAM_CLOUD_API_BASE_URL: graph.baseUrl,
      // No installation-wide token or app secret: everything comes from the business's registration.
      UPSTREAM_CREDENTIALS_KEY: randomBytes(32).toString("base64"),
      UPSTREAM_VERIFY_TOKEN: "relay-verify-token",
      UPSTREAM_CONSUMER_GROUP: `${kafka.prefix}ingress-upstream`,
    });
    const ingress = await buildTestIngress({ mongo, bus: kafka.bus, logger }, config);
    deps = ingress.deps;
    app = ingress.service.http;
    await app.ready();

    const created = await app.inject({
      method: "POST",
      url: "/admin/v1/tenants",
      headers: ADMIN,
      payload: {
        name: "Relay Shop",
        meta_business_account_id: META_WABA,
        phone_numbers: [
          { display_phone_number: "+1 555 010 0101", hosting_mode: "cloud", meta_phone_number_id: META_PHONE },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const tenant = created.json() as {
      tenant_id: string;
      business_id: string;
      access_token: string;
      phone_numbers: { id: string }[];
    };
    tenantId = tenant.tenant_id;
    businessToken = tenant.access_token;
    expect(tenant.business_id).toBe(META_WABA);
    expect(tenant.phone_numbers.map((n) => n.id)).toEqual([META_PHONE]);

    const registered = await app.inject({
      method: "PUT",
      url: `/admin/v1/tenants/${tenantId}/business_accounts/${META_WABA}/meta_credentials`,
      headers: ADMIN,
      payload: { system_user_token: SYSTEM_USER_TOKEN, app_secret: APP_SECRET, graph_api_version: GRAPH_VERSION },
    });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toMatchObject({
      success: true,
      business_id: META_WABA,
      graph_api_version: GRAPH_VERSION,
    });
    expect(registered.body).not.toContain(SYSTEM_USER_TOKEN);
    expect(registered.body).not.toContain(APP_SECRET);

    sender = await ingress.service.workers.upstreamSender.start();
    archive = await ingress.service.workers.mediaArchive.start();
  });

  afterAll(async () => {
    await sender?.stop();
    await archive?.stop();
    await observer?.stop();
    await app?.close();
    await graph?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("keeps the credentials sealed at rest and answers them back nowhere", async () => {
    const stored = await mongo.collection("meta_credentials").find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(SYSTEM_USER_TOKEN);
    expect(JSON.stringify(stored)).not.toContain(APP_SECRET);
    for (const url of [`/admin/v1/tenants/${tenantId}/business_accounts`, "/admin/v1/tenants"]) {
      const listed = await app.inject({ url, headers: ADMIN });
      expect(listed.statusCode).toBe(200);
      expect(listed.body).toContain(url.endsWith("business_accounts") ? META_WABA : tenantId);
      expect(listed.body).not.toContain(SYSTEM_USER_TOKEN);
      expect(listed.body).not.toContain(APP_SECRET);
    }
  });

  it("refuses Meta ids another tenant registered: 409, and the holder keeps them", async () => {
    const taken = await app.inject({
      method: "POST",
      url: "/admin/v1/tenants",
      headers: ADMIN,
      payload: {
        name: "Squatter",
        meta_business_account_id: META_WABA,
        phone_numbers: [{ display_phone_number: "+1 555 010 0999", hosting_mode: "cloud" }],
      },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).not.toContain(tenantId);
    const other = await app.inject({
      method: "POST",
      url: "/admin/v1/tenants",
      headers: ADMIN,
      payload: {
        name: "Other Shop",
        phone_numbers: [{ display_phone_number: "+1 555 010 0998", hosting_mode: "cloud" }],
      },
    });
    const { tenant_id: otherTenant, business_id: otherBusiness } = other.json() as {
      tenant_id: string;
      business_id: string;
    };
    const number = await app.inject({
      method: "POST",
      url: `/admin/v1/tenants/${otherTenant}/business_accounts/${otherBusiness}/phone_numbers`,
      headers: ADMIN,
      payload: { display_phone_number: "+1 555 010 0997", hosting_mode: "cloud", meta_phone_number_id: META_PHONE },
    });
    expect(number.statusCode).toBe(409);
    expect((await deps.tenancy.upstream.phoneNumberForUpstream(META_PHONE))?.tenantId).toBe(tenantId);
  });

  it("sends through Graph at the business's version, for Meta's number id, with its token", async () => {
    await readyToSend("wamid.relay-ours-1", "hello from the relay");
    await statusOf("wamid.relay-ours-1", "sent");
    const calls = graphCallsFor((b) => (b.text as { body?: string } | undefined)?.body === "hello from the relay");
    expect(calls).toEqual([
      {
        method: "POST",
        path: `/${GRAPH_VERSION}/${META_PHONE}/messages`,
        query: {},
        authorization: `Bearer ${SYSTEM_USER_TOKEN}`,
        body: { ...textBody("hello from the relay"), biz_opaque_callback_data: wrapped("wamid.relay-ours-1") },
      },
    ]);
    // Meta's wamid is recorded against ours: Meta's status webhooks name the business's message.
    const upstreamId = await deps.upstreamMessageIds.upstreamIdOf(tenantId, "wamid.relay-ours-1");
    expect(upstreamId).toMatch(/^wamid\.META/);
    const delivered = metaWebhook("status-delivered", "wamid.SB-out-0100", upstreamId ?? "");
    expect((await postWebhook(delivered, APP_SECRET)).statusCode).toBe(200);
    await statusOf("wamid.relay-ours-1", "delivered");
  });

  it("retries a throttled send after Graph's Retry-After, and reports a refused one as failed", async () => {
    graph.failNext(META_PHONE, { status: 429, code: 130429, message: "(#130429) Rate limit hit", retryAfter: "1" });
    await readyToSend("wamid.relay-ours-2", "throttled first");
    await statusOf("wamid.relay-ours-2", "sent");
    const throttled = graphCallsFor((b) => (b.text as { body?: string } | undefined)?.body === "throttled first");
    expect(throttled).toHaveLength(2);

    graph.failNext(META_PHONE, { status: 400, code: 131026, message: "(#131026) Message undeliverable" });
    await readyToSend("wamid.relay-ours-3", "never delivered");
    const failed = await statusOf("wamid.relay-ours-3", "failed");
    expect(JSON.parse(failed.errorsJson)).toEqual([
      expect.objectContaining({ code: 131026, message: "(#131026) Message undeliverable" }),
    ]);
    expect(statuses.some((s) => s.messageId === "wamid.relay-ours-3" && s.status === "sent")).toBe(false);
  });

  it("takes Meta's later status of a send whose answer was lost to the business's message, by the echoed callback data", async () => {
    graph.loseAnswerNext(META_PHONE);
    await readyToSend("wamid.relay-ours-lost", "answer lost", "order-lost-1");
    // Reported, not resent: the one post reached Meta, its answer did not reach us.
    const failed = await statusOf("wamid.relay-ours-lost", "failed");
    expect(isOutcomeUnknown(failed.errorsJson)).toBe(true);
    const posts = graphCallsFor((b) => (b.text as { body?: string } | undefined)?.body === "answer lost");
    expect(posts).toHaveLength(1);
    const echoed =
      (posts[0]?.body as { biz_opaque_callback_data?: string } | undefined)?.biz_opaque_callback_data ?? "";
    expect(echoed).toBe(wrapped("wamid.relay-ours-lost", "order-lost-1"));
    expect(await deps.upstreamMessageIds.upstreamIdOf(tenantId, "wamid.relay-ours-lost")).toBeUndefined();

    // Meta reports its own wamid, which nobody here recorded, and echoes the callback data.
    const delivered = Buffer.from(
      metaWebhook("status-delivered", "wamid.SB-out-0100", "wamid.META-never-answered")
        .toString("utf8")
        .replace('"order-77"', JSON.stringify(echoed)),
    );
    expect((await postWebhook(delivered, APP_SECRET)).statusCode).toBe(200);
    const attributed = await statusOf("wamid.relay-ours-lost", "delivered");
    // The business gets back its own value, never our wrapper.
    expect(attributed.bizOpaqueCallbackData).toBe("order-lost-1");
    expect(statuses.some((s) => s.messageId === "wamid.META-never-answered")).toBe(false);
  });

  it("forwards a business's mark-read with its typing indicator to Graph, once even when redelivered", async () => {
    // Through the send API, as a client marks a customer's message read.
    const response = await app.inject({
      method: "POST",
      url: `/v23.0/${META_PHONE}/messages`,
      headers: { authorization: `Bearer ${businessToken}` },
      payload: {
        messaging_product: "whatsapp",
        status: "read",
        message_id: "wamid.customer-relay-1",
        typing_indicator: { type: "text" },
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    const readOf = (id: string) => graphCallsFor((b) => b.status === "read" && b.message_id === id);
    await eventually(() => expect(readOf("wamid.customer-relay-1")).toHaveLength(1), 30_000);
    expect(readOf("wamid.customer-relay-1")[0]).toEqual({
      method: "POST",
      path: `/${GRAPH_VERSION}/${META_PHONE}/messages`,
      query: {},
      authorization: `Bearer ${SYSTEM_USER_TOKEN}`,
      body: {
        messaging_product: "whatsapp",
        status: "read",
        message_id: "wamid.customer-relay-1",
        typing_indicator: { type: "text" },
      },
    });

    // The same event twice (a redelivery), then another read on the same key: once that one has
    // reached Graph, both copies before it were handled.
    await readByBusiness("read-relay-2", "wamid.customer-relay-2");
    await readByBusiness("read-relay-2", "wamid.customer-relay-2");
    await readByBusiness("read-relay-3", "wamid.customer-relay-3");
    await eventually(() => expect(readOf("wamid.customer-relay-3")).toHaveLength(1), 30_000);
    expect(readOf("wamid.customer-relay-2")).toHaveLength(1);
  });

  it("takes Meta's webhooks signed with the business's app secret, for Meta's number id, and only those", async () => {
    const text = metaWebhook("text-message", "wamid.SB-in-text-0001", "wamid.relay-in-1");
    expect((await postWebhook(text, "another-apps-secret")).statusCode).toBe(401);
    expect((await postWebhook(text, APP_SECRET)).statusCode).toBe(200);
    await eventually(() =>
      expect(inbound.filter((m) => m.messageId === "wamid.relay-in-1")).toEqual([
        { messageId: "wamid.relay-in-1", tenantId, phoneNumberId: META_PHONE },
      ]),
    );
  });

  it("archives a customer's image from Graph under Meta's media id: its download outlives Meta's copy", async () => {
    const META_MEDIA = "610000000000001";
    const jpeg = randomBytes(300_000);
    graph.addMedia(META_PHONE, META_MEDIA, "image/jpeg", jpeg);
    const image = metaWebhook("image-message", "wamid.SB-in-image-0005", "wamid.relay-in-image").toString();
    const body = Buffer.from(image.replaceAll("500000000000001", META_MEDIA));
    expect((await postWebhook(body, APP_SECRET)).statusCode).toBe(200);
    const auth = { authorization: `Bearer ${businessToken}` };
    const metadata = await eventually(async () => {
      const answer = await app.inject({ url: `/v23.0/${META_MEDIA}`, headers: auth });
      expect(answer.statusCode).toBe(200);
      return answer.json() as { id: string; url: string; mime_type: string; file_size: string };
    }, 30_000);
    expect(metadata).toMatchObject({ id: META_MEDIA, mime_type: "image/jpeg", file_size: String(jpeg.length) });
    // Fetched from Graph as Meta serves it: the business's version and token, then the file's URL.
    expect(graph.requests.filter((r) => r.path.endsWith(META_MEDIA)).map((r) => [r.path, r.authorization])).toEqual([
      [`/${GRAPH_VERSION}/${META_MEDIA}`, `Bearer ${SYSTEM_USER_TOKEN}`],
      [`/media-files/${META_MEDIA}`, `Bearer ${SYSTEM_USER_TOKEN}`],
    ]);
    graph.expireMedia(META_MEDIA);
    const download = await app.inject({ url: new URL(metadata.url).pathname, headers: auth });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(jpeg)).toBe(true);
  });

  it("uploads the business's media to Graph on its first use in a send, and sends Meta's id from then on", async () => {
    const png = randomBytes(50_000);
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", "image/png");
    form.set("file", new Blob([png], { type: "image/png" }), "menu.png");
    const encoded = new Request("http://ingress.local/", { method: "POST", body: form });
    const uploaded = await app.inject({
      method: "POST",
      url: `/v23.0/${META_PHONE}/media`,
      headers: { authorization: `Bearer ${businessToken}`, "content-type": encoded.headers.get("content-type") ?? "" },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(uploaded.statusCode).toBe(200);
    const ours = (uploaded.json() as { id: string }).id;
    const imageBody = {
      messaging_product: "whatsapp",
      to: CUSTOMER,
      type: "image",
      image: { id: ours, caption: "Menu" },
    };
    const publishImage = (messageId: string) =>
      kafka.bus.publish([
        event(OutboundMessageReadyToSendEvent, {
          key: threadKey(thread()),
          tenantId,
          data: {
            thread: thread(),
            messageId,
            type: "image",
            bodyJson: JSON.stringify(imageBody),
            bizOpaqueCallbackData: "",
            hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
          },
        }),
      ]);
    await publishImage("wamid.relay-image-1");
    await statusOf("wamid.relay-image-1", "sent");
    await publishImage("wamid.relay-image-2");
    await statusOf("wamid.relay-image-2", "sent");

    const uploads = graph.requests.filter((r) => r.path === `/${GRAPH_VERSION}/${META_PHONE}/media`);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.authorization).toBe(`Bearer ${SYSTEM_USER_TOKEN}`);
    const { file } = (uploads[0]?.body ?? {}) as { file?: { type: string; bytes: Buffer } };
    expect(file?.type).toBe("image/png");
    expect(file?.bytes.equals(png)).toBe(true);
    const metaId = await deps.upstreamMessageIds.upstreamMediaIdOf(tenantId, META_PHONE, ours);
    expect(metaId).toMatch(/^88/);
    expect(await deps.upstreamMessageIds.mediaIdOfUpstream(tenantId, metaId ?? "")).toBe(ours);
    // Both ids name the file here: Meta's id leads to ours.
    const byMetaId = await app.inject({
      url: `/v23.0/${metaId}`,
      headers: { authorization: `Bearer ${businessToken}` },
    });
    expect(byMetaId.statusCode).toBe(200);
    expect(byMetaId.json()).toMatchObject({ id: ours, mime_type: "image/png", file_size: String(png.length) });
    const sends = graphCallsFor((b) => b.type === "image");
    expect(sends.map((r) => r.body)).toEqual([
      {
        ...imageBody,
        image: { id: metaId, caption: "Menu" },
        biz_opaque_callback_data: wrapped("wamid.relay-image-1"),
      },
      {
        ...imageBody,
        image: { id: metaId, caption: "Menu" },
        biz_opaque_callback_data: wrapped("wamid.relay-image-2"),
      },
    ]);

    // The same file in a template's header: Meta's id again, no second upload.
    const templateBody = {
      messaging_product: "whatsapp",
      to: CUSTOMER,
      type: "template",
      template: {
        name: "menu_of_the_day",
        language: { code: "en_US" },
        components: [{ type: "header", parameters: [{ type: "image", image: { id: ours } }] }],
      },
    };
    await kafka.bus.publish([
      event(OutboundMessageReadyToSendEvent, {
        key: threadKey(thread()),
        tenantId,
        data: {
          thread: thread(),
          messageId: "wamid.relay-template-1",
          type: "template",
          bodyJson: JSON.stringify(templateBody),
          bizOpaqueCallbackData: "",
          hosting: { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] },
        },
      }),
    ]);
    await statusOf("wamid.relay-template-1", "sent");
    const [templateSend] = graphCallsFor((b) => b.type === "template");
    expect(templateSend?.body).toEqual({
      ...templateBody,
      biz_opaque_callback_data: wrapped("wamid.relay-template-1"),
      template: {
        ...templateBody.template,
        components: [{ type: "header", parameters: [{ type: "image", image: { id: metaId } }] }],
      },
    });
    expect(graph.requests.filter((r) => r.path === `/${GRAPH_VERSION}/${META_PHONE}/media`)).toHaveLength(1);
  });
});
