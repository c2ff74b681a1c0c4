// The ingress service as the template integration tests use it: built with the service builder
// over the test's own database and topic namespace, with the template intake and the business
// webhook delivery running, a BSP tenant with two businesses (X, Y) and an enterprise tenant (Z),
// X's webhook pointing at a local receiver that checks every signature, and an observer of the
// accepted sends. Requests are made as one of the three businesses' tokens.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  connectMongo,
  createKafkaEventBus,
  createLogger,
  EventHandlers,
  type SubscriptionHandle,
  signMetaBody,
} from "@switchboard/kit";
import { OutboundMessageAcceptedEvent } from "@switchboard/proto";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { loadIngressConfig } from "../../src/config.ts";
import { issueAccessToken } from "../../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./test-ingress.ts";

export const X = { tenantId: "bsp-1", businessId: "200000000000011" };
export const Y = { tenantId: "bsp-1", businessId: "200000000000012" };
export const Z = { tenantId: "enterprise-2", businessId: "200000000000021" };
export const NUMBER_X = "100000000000011";
export const REVIEW_DELAY_MS = 1_500;
const APP_SECRET = "upstream-app-secret-for-template-tests";
const HOOK_SECRET = "business-webhook-secret-0001";

export type Who = "X" | "Y" | "Z";
type Scope = { businessId: string };

export interface Forwarded {
  entryId: string;
  field: string;
  value: { event?: string; message_template_name?: string; new_category?: string; reason?: string };
}

export interface TemplateList {
  data: Record<string, unknown>[];
  paging: { cursors: { before?: string; after?: string }; next?: string; previous?: string };
}

export const errorOf = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: number; error_subcode?: number; error_data?: { details: string } } }).error;

async function startReceiver() {
  const received: Forwarded[] = [];
  let badSignatures = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = `sha256=${createHmac("sha256", HOOK_SECRET).update(body).digest("hex")}`;
      if (request.headers["x-hub-signature-256"] !== expected) {
        badSignatures += 1;
        response.writeHead(401).end();
        return;
      }
      const payload = JSON.parse(body.toString()) as {
        entry: { id: string; changes: { field: string; value: Forwarded["value"] }[] }[];
      };
      for (const entry of payload.entry) {
        for (const change of entry.changes) received.push({ entryId: entry.id, ...change });
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    badSignatures: () => badSignatures,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function startTemplateHarness(label: string) {
  const servers = testServers();
  const logger = createLogger({ service: "ingress-templates-test", level: "warn" });
  const database = uniqueName(`ingress_${label}`);
  const prefix = `${uniqueName(label)}.`;
  const mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
  const bus = await createKafkaEventBus({
    brokers: servers.kafkaBrokers,
    clientId: "ingress-templates-test",
    source: "/switchboard/ingress",
    topicPrefix: prefix,
    partitions: 3,
    logger,
  });
  const running: SubscriptionHandle[] = [];
  const accepted: string[] = [];
  running.push(
    await bus.subscribe({
      groupId: `${prefix}observer`,
      handlers: new EventHandlers().on(OutboundMessageAcceptedEvent, async (e) => {
        accepted.push(e.data.messageId);
      }),
    }),
  );

  const tokens = { X: issueAccessToken(), Y: issueAccessToken(), Z: issueAccessToken() };
  const admin = (await createMongoTenancy(mongo)).admin;
  const number = (phoneNumberId: string) => ({
    phoneNumberId,
    displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
    hostingMode: "cloud" as const,
    processors: ["business", "meta"],
    catalogId: "",
    throughputMps: 1_000,
  });
  const tenant = { phoneNumbers: [number(NUMBER_X)], tokenId: "token-x", tokenHash: tokens.X.hash };
  await admin.createTenant({ ...X, ...tenant, name: "Agency", kind: "bsp" });
  await admin.upsertBusinessAccount(Y.tenantId, Y.businessId, "Second client");
  await admin.upsertPhoneNumber(Y, number("100000000000012"));
  await admin.issueToken(Y, "token-y", tokens.Y.hash);
  await admin.createTenant({
    ...Z,
    name: "Enterprise",
    kind: "enterprise",
    phoneNumbers: [number("100000000000021")],
    tokenId: "token-z",
    tokenHash: tokens.Z.hash,
  });

  const config = loadIngressConfig({
    ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
    KAFKA_BROKERS: servers.kafkaBrokers.join(","),
    MONGODB_URI: servers.mongodbUri,
    MONGODB_DATABASE: database,
    UPSTREAM_APP_SECRET: APP_SECRET,
    UPSTREAM_VERIFY_TOKEN: "verify-token-for-templates",
    TEMPLATE_REVIEW_DELAY_MS: String(REVIEW_DELAY_MS),
    TEMPLATE_CONSUMER_GROUP: `${prefix}templates`,
    WEBHOOK_CONSUMER_GROUP: `${prefix}business-webhooks`,
    WEBHOOK_POLL_INTERVAL_MS: "100",
    // The business's receiver listens on this machine: outbound HTTP may reach loopback here.
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true",
  });
  const { service, deps } = await buildTestIngress({ mongo, bus, logger }, config);
  const receiver = await startReceiver();
  await deps.webhookSubscriptions.put(X, {
    callbackUrl: receiver.url,
    verifyToken: "crm-verify-token",
    appSecret: HOOK_SECRET,
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  running.push(await service.workers.templates.start(), await service.workers.businessWebhooks.start());
  const app = service.http;
  await app.ready();

  let recipient = 0;
  const call = (who: Who, method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who].token}` },
      ...(payload === undefined ? {} : { payload }),
    });
  const templatesOf = (scope: Scope, query = "") => `/v23.0/${scope.businessId}/message_templates${query}`;
  const list = async (who: Who, scope: Scope, query = ""): Promise<TemplateList> => {
    const response = await call(who, "GET", templatesOf(scope, query));
    expect(response.statusCode).toBe(200);
    return response.json() as TemplateList;
  };

  return {
    receiver,
    /** wamids of the sends Kafka carried, in arrival order. */
    accepted,
    call,
    templatesOf,
    list,
    create: (who: Who, scope: Scope, body: object) => call(who, "POST", templatesOf(scope), body),
    statusOf: async (who: Who, scope: Scope, name: string) =>
      (await list(who, scope, `?name=${name}&fields=status,category,previous_category,rejected_reason`)).data[0],
    /** A template send from X's number, each to a fresh recipient. */
    sendTemplate(template: object) {
      recipient += 1;
      return call("X", "POST", `/v23.0/${NUMBER_X}/messages`, {
        messaging_product: "whatsapp",
        to: `1555${String(recipient).padStart(7, "0")}`,
        type: "template",
        template,
      });
    },
    /** Meta's `message_template_status_update` about one of X's templates, signed as Meta signs it. */
    metaWebhook(value: object) {
      const body = Buffer.from(
        JSON.stringify({
          object: "whatsapp_business_account",
          entry: [
            { id: X.businessId, time: 1_700_000_000, changes: [{ field: "message_template_status_update", value }] },
          ],
        }),
      );
      return app.inject({
        method: "POST",
        url: "/webhooks/meta",
        headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(body, APP_SECRET) },
        payload: body,
      });
    },
    async stop() {
      for (const handle of running.reverse()) await handle.stop();
      await app.close();
      await receiver.close();
      await bus.close();
      await mongo.dropDatabase().catch(() => {});
      await mongo.close();
    },
  };
}

export type TemplateHarness = Awaited<ReturnType<typeof startTemplateHarness>>;
