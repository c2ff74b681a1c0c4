// Templates when ingress relays to Meta, built in-process (the service builder) against the real
// Kafka broker and MongoDB-wire store, with a local HTTP server standing in for Graph (never the
// internet): registering a business's Meta credentials imports the templates it already has at
// Meta; a template created, edited or deleted through Switchboard is created, edited or deleted at
// Meta with the business's token and version, and stored with Meta's id and status; Meta's
// refusal is answered with Meta's code; Meta's signed `message_template_status_update` webhook moves the
// stored status; the operator's import picks up what changed at Meta meanwhile.
import { randomBytes } from "node:crypto";
import { connectMongo, createLogger, type SubscriptionHandle, signMetaBody } from "@switchboard/kit";
import { useKafkaTestBus } from "@switchboard/kit/testing";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { type GraphStandIn, startGraphStandIn } from "./support/graph-stand-in.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const META_WABA = "410000000000002";
const META_PHONE = "510000000000002";
const SYSTEM_USER_TOKEN = `EAAGtpl${randomBytes(12).toString("hex")}`;
const APP_SECRET = `tplapp${randomBytes(12).toString("hex")}`;
const GRAPH_VERSION = "v21.0";
const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const BODY = (text: string) => [{ type: "BODY", text }];

interface ListedTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: { type: string; text?: string }[];
}

describe("templates relayed to Meta: a local Graph stand-in, Kafka and the MongoDB-wire store", () => {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-test", level: "warn" });
  const kafka = useKafkaTestBus("tplrelay", { source: "/switchboard/ingress", partitions: 1, logger });
  let mongo: Connection;
  let graph: GraphStandIn;
  let app: FastifyInstance;
  let intake: SubscriptionHandle;
  let tenantId = "";
  let businessToken = "";
  const auth = () => ({ authorization: `Bearer ${businessToken}` });

  const listed = async (): Promise<ListedTemplate[]> => {
    const answer = await app.inject({ url: `/v23.0/${META_WABA}/message_templates`, headers: auth() });
    expect(answer.statusCode).toBe(200);
    return (answer.json() as { data: ListedTemplate[] }).data;
  };
  const listedNamed = (name: string) =>
    eventually(async () => {
      const found = (await listed()).find((t) => t.name === name);
      if (!found) throw new Error(`${name} not listed yet`);
      return found;
    }, 20_000);
  const create = (name: string, text: string) =>
    app.inject({
      method: "POST",
      url: `/v23.0/${META_WABA}/message_templates`,
      headers: auth(),
      payload: { name, language: "en_US", category: "UTILITY", components: BODY(text) },
    });
  const atMeta = (name: string) => graph.templates(META_WABA).find((t) => t.name === name);
  const postWebhook = (value: Record<string, unknown>) => {
    const body = Buffer.from(
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [{ id: META_WABA, time: 1, changes: [{ field: "message_template_status_update", value }] }],
      }),
    );
    return app.inject({
      method: "POST",
      url: "/webhooks/meta",
      headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(body, APP_SECRET) },
      payload: body,
    });
  };

  beforeAll(async () => {
    graph = await startGraphStandIn(
      [{ phoneNumberId: META_PHONE, accessToken: SYSTEM_USER_TOKEN, apiVersion: GRAPH_VERSION }],
      [{ wabaId: META_WABA, accessToken: SYSTEM_USER_TOKEN, apiVersion: GRAPH_VERSION }],
    );
    // Made in WhatsApp Manager before the business came to Switchboard.
    graph.addTemplate(META_WABA, {
      name: "meta_welcome",
      language: "en_US",
      category: "MARKETING",
      components: BODY("Welcome to the shop, {{1}}!"),
      status: "APPROVED",
      parameter_format: "POSITIONAL",
      quality_score: { score: "GREEN", date: 1 },
    });
    const database = uniqueName("ingress_tplrelay");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const config = loadIngressConfig({
      ADMIN_TOKEN,
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      UPSTREAM_CHANNEL: "cloud_api",
      UPSTREAM_CLOUD_API_BASE_URL: graph.baseUrl,
      UPSTREAM_CREDENTIALS_KEY: randomBytes(32).toString("base64"),
      UPSTREAM_VERIFY_TOKEN: "tplrelay-verify-token",
      // The import on registration and the operator's are under test; no timer in between.
      TEMPLATE_SYNC_INTERVAL_MS: "0",
      TEMPLATE_CACHE_TTL_MS: "0",
    });
    const ingress = await buildTestIngress({ mongo, bus: kafka.bus, logger }, config);
    app = ingress.service.http;
    await app.ready();
    intake = await ingress.service.workers.templates.start();

    const created = await app.inject({
      method: "POST",
      url: "/admin/v1/tenants",
      headers: ADMIN,
      payload: {
        name: "Template Shop",
        meta_business_account_id: META_WABA,
        phone_numbers: [
          { display_phone_number: "+1 555 010 0202", hosting_mode: "cloud", meta_phone_number_id: META_PHONE },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    ({ tenant_id: tenantId, access_token: businessToken } = created.json() as {
      tenant_id: string;
      access_token: string;
    });
    const registered = await app.inject({
      method: "PUT",
      url: `/admin/v1/tenants/${tenantId}/business_accounts/${META_WABA}/meta_credentials`,
      headers: ADMIN,
      payload: { system_user_token: SYSTEM_USER_TOKEN, app_secret: APP_SECRET, graph_api_version: GRAPH_VERSION },
    });
    expect(registered.statusCode).toBe(200);
  });

  afterAll(async () => {
    await intake?.stop();
    await app?.close();
    await graph?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  it("imports the templates the business already has at Meta once its credentials are registered", async () => {
    const imported = await listedNamed("meta_welcome");
    const meta = atMeta("meta_welcome");
    expect(imported).toMatchObject({ id: meta?.id, status: "APPROVED", category: "MARKETING", language: "en_US" });
    const reads = graph.requests.filter((r) => r.method === "GET" && r.path.endsWith("/message_templates"));
    expect(reads[0]).toMatchObject({
      path: `/${GRAPH_VERSION}/${META_WABA}/message_templates`,
      authorization: `Bearer ${SYSTEM_USER_TOKEN}`,
    });
  });

  it("creates a template at Meta and stores Meta's id; Meta's status webhook then moves it", async () => {
    const answer = await create("order_ready", "Your order {{1}} is ready.");
    expect(answer.statusCode).toBe(200);
    const meta = atMeta("order_ready");
    expect(meta).toMatchObject({
      language: "en_US",
      category: "UTILITY",
      components: BODY("Your order {{1}} is ready."),
    });
    expect(answer.json()).toEqual({ id: meta?.id, status: "PENDING", category: "UTILITY" });
    const call = graph.requests.find((r) => r.method === "POST" && r.path.endsWith("/message_templates"));
    expect(call).toMatchObject({
      path: `/${GRAPH_VERSION}/${META_WABA}/message_templates`,
      authorization: `Bearer ${SYSTEM_USER_TOKEN}`,
    });
    expect(await listedNamed("order_ready")).toMatchObject({ id: meta?.id, status: "PENDING" });

    const approved = await postWebhook({
      event: "APPROVED",
      message_template_id: Number(meta?.id),
      message_template_name: "order_ready",
      message_template_language: "en_US",
      reason: "NONE",
    });
    expect(approved.statusCode).toBe(200);
    await eventually(async () => {
      const status = (await listed()).find((t) => t.name === "order_ready")?.status;
      if (status !== "APPROVED") throw new Error(`still ${status}`);
    }, 20_000);
  });

  it("answers Meta's refusal with Meta's status and code, and stores nothing", async () => {
    // At Meta (WhatsApp Manager) but not imported yet: Meta refuses the duplicate.
    graph.addTemplate(META_WABA, {
      name: "made_elsewhere",
      language: "en_US",
      category: "UTILITY",
      components: BODY("Hello"),
      status: "APPROVED",
    });
    const refused = await create("made_elsewhere", "Hello again");
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 100 } });
    expect((await listed()).some((t) => t.name === "made_elsewhere")).toBe(false);
  });

  it("edits a template at Meta and keeps the edited content", async () => {
    const meta = atMeta("order_ready");
    const edited = await app.inject({
      method: "POST",
      url: `/v23.0/${meta?.id}`,
      headers: auth(),
      payload: { components: BODY("Order {{1}} is ready for pickup.") },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toEqual({ success: true });
    expect(atMeta("order_ready")?.components).toEqual(BODY("Order {{1}} is ready for pickup."));
    const call = graph.requests.find((r) => r.method === "POST" && r.path === `/${GRAPH_VERSION}/${meta?.id}`);
    expect(call?.authorization).toBe(`Bearer ${SYSTEM_USER_TOKEN}`);
    expect((await listedNamed("order_ready")).components).toEqual(BODY("Order {{1}} is ready for pickup."));
  });

  it("deletes at Meta first, then here", async () => {
    expect((await create("short_lived", "Soon gone")).statusCode).toBe(200);
    const deleted = await app.inject({
      method: "DELETE",
      url: `/v23.0/${META_WABA}/message_templates?name=short_lived`,
      headers: auth(),
    });
    expect(deleted.statusCode).toBe(200);
    expect(atMeta("short_lived")).toBeUndefined();
    const call = graph.requests.find((r) => r.method === "DELETE");
    expect(call).toMatchObject({ query: { name: "short_lived" }, authorization: `Bearer ${SYSTEM_USER_TOKEN}` });
    expect((await listed()).some((t) => t.name === "short_lived")).toBe(false);
  });

  it("the operator's import takes templates created and deleted at Meta meanwhile, over every page", async () => {
    for (let i = 0; i < 120; i++) {
      const name = `bulk_${String(i).padStart(3, "0")}`;
      graph.addTemplate(META_WABA, {
        name,
        language: "en_US",
        category: "UTILITY",
        components: BODY("Hi"),
        status: "APPROVED",
      });
    }
    // Deleted in WhatsApp Manager: gone at Meta, still stored here.
    const welcome = atMeta("meta_welcome");
    await fetch(`${graph.baseUrl}/${GRAPH_VERSION}/${META_WABA}/message_templates?name=meta_welcome`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${SYSTEM_USER_TOKEN}` },
    });
    const sync = await app.inject({
      method: "POST",
      url: `/admin/v1/tenants/${tenantId}/business_accounts/${META_WABA}/message_templates/sync`,
      headers: ADMIN,
    });
    expect(sync.statusCode).toBe(200);
    expect(sync.json()).toMatchObject({ success: true, imported: 121, removed: 1 });
    const page = await app.inject({
      url: `/v23.0/${META_WABA}/message_templates?name=bulk_119`,
      headers: auth(),
    });
    expect((page.json() as { data: ListedTemplate[] }).data).toHaveLength(1);
    const gone = await app.inject({ url: `/v23.0/${META_WABA}/message_templates?name=meta_welcome`, headers: auth() });
    expect((gone.json() as { data: ListedTemplate[] }).data.map((t) => t.id)).not.toContain(welcome?.id);
    expect((gone.json() as { data: ListedTemplate[] }).data).toHaveLength(0);
    // A business token is not the operator's.
    const refused = await app.inject({
      method: "POST",
      url: `/admin/v1/tenants/${tenantId}/business_accounts/${META_WABA}/message_templates/sync`,
      headers: auth(),
    });
    expect(refused.statusCode).toBe(401);
  });
});
