// The walking skeleton: one message through all four services, each a separate process, against
// the real Kafka broker and MongoDB-wire server. Ingress accepts a Cloud API send; conversation
// stores it and serves it over gRPC; analytics counts it; catalog vouches for the products of a
// product message; the README's hello_world template send works for the demo tenant; and the
// request's trace holds spans from every service.
import { randomBytes } from "node:crypto";
import {
  createDemoTenant,
  DEMO_CATALOG_ID,
  type DemoTenant,
  type RunningPlatform,
  startPlatform,
} from "@switchboard/cli/platform";
import { callUnary, type TenantScope } from "@switchboard/kit";
import { openTestClient } from "@switchboard/kit/testing";
import { AnalyticsServiceClient } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import {
  ConversationServiceClient,
  ListThreadsRequest,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../support/otlp-receiver.ts";

const adminToken = `admin_${randomBytes(24).toString("hex")}`;

function newTraceparent(): { header: string; traceId: string } {
  const traceId = randomBytes(16).toString("hex");
  return { traceId, header: `00-${traceId}-${randomBytes(8).toString("hex")}-01` };
}

describe("walking skeleton", () => {
  let otlp: OtlpReceiver;
  let platform: RunningPlatform;
  let demo: DemoTenant;
  let scope: TenantScope;
  let conversation: ConversationServiceClient;
  let analytics: AnalyticsServiceClient;
  let catalog: CatalogServiceClient;

  beforeAll(async () => {
    const servers = testServers();
    otlp = await startOtlpReceiver();
    platform = await startPlatform({
      kafkaBrokers: servers.kafkaBrokers.join(","),
      mongodbUri: servers.mongodbUri,
      namespace: uniqueName("e2e"),
      adminToken,
      otlpEndpoint: otlp.endpoint,
    });
    demo = await createDemoTenant({
      ingressUrl: platform.ingressUrl,
      adminToken,
      catalogAddress: platform.grpc.catalog,
    });
    scope = { tenantId: demo.tenantId, businessId: demo.businessId };
    conversation = openTestClient(ConversationServiceClient, platform.grpc.conversation);
    analytics = openTestClient(AnalyticsServiceClient, platform.grpc.analytics);
    catalog = openTestClient(CatalogServiceClient, platform.grpc.catalog);
  });

  afterAll(async () => {
    for (const client of [conversation, analytics, catalog]) client?.close();
    await platform?.stop();
    await otlp?.close();
  });

  const send = (body: unknown, traceparent: string, token = demo.accessToken) =>
    fetch(`${platform.ingressUrl}/v23.0/${demo.phoneNumberId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", traceparent },
      body: JSON.stringify(body),
    });

  it("sends the README's hello_world template, approved for the demo tenant; an unknown one is 132001", async () => {
    const readme = { name: "hello_world", language: { code: "en_US" } };
    const template = (body: object) =>
      send(
        { messaging_product: "whatsapp", to: "+16505559876", type: "template", template: body },
        newTraceparent().header,
      );
    const sent = await template(readme);
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as { messages: { id: string }[] }).messages[0]?.id).toMatch(/^wamid\./);
    const unknown = await template({ ...readme, name: "hello_mars" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: number } }).error.code).toBe(132001);
  });

  it("carries a text message from the Graph API to storage, rollups and back over gRPC", async () => {
    const trace = newTraceparent();
    const response = await send(
      { messaging_product: "whatsapp", to: "+16505551234", type: "text", text: { body: "hello" } },
      trace.header,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { contacts: { wa_id: string }[]; messages: { id: string }[] };
    expect(body.contacts[0]?.wa_id).toBe("16505551234");
    const messageId = body.messages[0]?.id ?? "";
    expect(messageId).toMatch(/^wamid\./);

    const stored = await eventually(async () => {
      const threads = await callUnary(
        "ListThreads",
        conversation.listThreads.bind(conversation),
        ListThreadsRequest.fromPartial({ phoneNumberId: demo.phoneNumberId, pageSize: 10 }),
        { scope },
      );
      const thread = threads.threads.find((t) => t.customerWaId === "16505551234");
      if (!thread) throw new Error("thread not stored yet");
      const messages = await callUnary(
        "ListMessages",
        conversation.listMessages.bind(conversation),
        { threadId: thread.threadId, pageSize: 10, cursor: "" },
        { scope },
      );
      const message = messages.messages.find((m) => m.messageId === messageId);
      if (!message) throw new Error("message not stored yet");
      return { thread, message };
    });
    expect(stored.message.direction).toBe("outbound");
    expect(JSON.parse(stored.message.bodyJson).text.body).toBe("hello");
    expect(stored.thread.hosting?.hostingMode).toBe("cloud");
    expect(stored.message.hosting?.encryptionState).toBe("provider_accessible");

    await eventually(async () => {
      const volume = await callUnary(
        "GetMessageVolume",
        analytics.getMessageVolume.bind(analytics),
        { phoneNumberId: demo.phoneNumberId, fromMs: Date.now() - 3_600_000, toMs: Date.now() + 60_000 },
        { scope },
      );
      expect(volume.totalOutbound).toBeGreaterThanOrEqual(1);
    });

    await eventually(async () => {
      expect([...otlp.servicesInTrace(trace.traceId)].sort()).toEqual(["analytics", "conversation", "ingress"]);
    });
  });

  it("checks product messages with the catalog, and the trace spans all four services", async () => {
    const trace = newTraceparent();
    const response = await send(
      {
        messaging_product: "whatsapp",
        to: "+16505550199",
        type: "interactive",
        interactive: { type: "product", action: { catalog_id: DEMO_CATALOG_ID, product_retailer_id: "espresso-250g" } },
      },
      trace.header,
    );
    expect(response.status).toBe(200);

    const unknown = await send(
      {
        messaging_product: "whatsapp",
        to: "+16505550199",
        type: "interactive",
        interactive: { type: "product", action: { catalog_id: DEMO_CATALOG_ID, product_retailer_id: "no-such-sku" } },
      },
      newTraceparent().header,
    );
    expect(unknown.status).toBe(400);
    const error = (await unknown.json()) as { error: { code: number; error_data: { details: string } } };
    expect(error.error.code).toBe(131009);
    expect(error.error.error_data.details).toContain("no-such-sku");

    const product = await callUnary(
      "GetProduct",
      catalog.getProduct.bind(catalog),
      { catalogId: DEMO_CATALOG_ID, retailerId: "espresso-250g" },
      { scope },
    );
    expect(product.product?.name).toContain("Espresso");

    await eventually(async () => {
      expect([...otlp.servicesInTrace(trace.traceId)].sort()).toEqual([
        "analytics",
        "catalog",
        "conversation",
        "ingress",
      ]);
    });
  });

  it("refuses a bad token in Meta's error shape and shows nothing to another tenant", async () => {
    const response = await send(
      { messaging_product: "whatsapp", to: "+1555", type: "text", text: { body: "x" } },
      newTraceparent().header,
      "sbt_wrong",
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: number; type: string; fbtrace_id: string } };
    expect(body.error.code).toBe(190);
    expect(body.error.type).toBe("OAuthException");
    expect(body.error.fbtrace_id).toBeTruthy();

    const other = await createDemoTenant({
      ingressUrl: platform.ingressUrl,
      adminToken,
      catalogAddress: platform.grpc.catalog,
      name: "Other tenant",
    });
    const theirThreads = await callUnary(
      "ListThreads",
      conversation.listThreads.bind(conversation),
      ListThreadsRequest.fromPartial({ phoneNumberId: demo.phoneNumberId, pageSize: 10 }),
      { scope: { tenantId: other.tenantId, businessId: other.businessId } },
    );
    expect(theirThreads.threads).toEqual([]);

    const crossTenant = await send(
      { messaging_product: "whatsapp", to: "+16505551234", type: "text", text: { body: "x" } },
      newTraceparent().header,
      other.accessToken,
    );
    expect(crossTenant.status).toBe(400);
    expect(((await crossTenant.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
  });
});
