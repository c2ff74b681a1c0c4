// The ingress HTTP edge as main.ts builds it (the service builder, over the MongoDB-wire stores):
// a request without a valid token cannot make it read a large body, and a body nested thousands of
// levels deep is a Graph parameter error, never a 500.
import { connectMongo, createInMemoryEventBus, createLogger } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIngressConfig } from "../src/config.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const NUMBER = "100000000000091";
const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const logger = createLogger({ service: "test", level: "silent" });

describe("ingress HTTP hardening", () => {
  const servers = testServers();
  const token = issueAccessToken();
  let mongo: Connection;
  let app: FastifyInstance;

  beforeAll(async () => {
    const database = uniqueName("ingress_hardening");
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: database });
    const tenancy = await createMongoTenancy(mongo);
    await tenancy.admin.createTenant({
      tenantId: "tn_91",
      name: "Hardening",
      kind: "enterprise",
      businessId: "200000000000091",
      phoneNumbers: [
        {
          phoneNumberId: NUMBER,
          displayPhoneNumber: "+1 555 0000091",
          hostingMode: "cloud",
          processors: ["business", "meta"],
          catalogId: "",
        },
      ],
      tokenId: "token-91",
      tokenHash: token.hash,
    });
    const config = loadIngressConfig({
      ADMIN_TOKEN,
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: database,
      UPSTREAM_APP_SECRET: "0123456789abcdef0123",
      UPSTREAM_VERIFY_TOKEN: "verify-token-1",
    });
    const built = await buildTestIngress({ mongo, bus: createInMemoryEventBus(), logger }, config, { tenancy });
    app = built.service.http;
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const send = (payload: string, authorization?: string) =>
    app.inject({
      method: "POST",
      url: `/v23.0/${NUMBER}/messages`,
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      payload,
    });
  const largeBody = JSON.stringify({ messaging_product: "whatsapp", padding: "x".repeat(200_000) });

  it("refuses a large body without a valid token before reading it (413)", async () => {
    for (const authorization of [undefined, "Bearer sbt_not-a-token"]) {
      const response = await send(largeBody, authorization);
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe(100);
    }
    // With the right token the same body is read and judged on its content.
    expect((await send(largeBody, `Bearer ${token.token}`)).statusCode).toBe(400);
  });

  it("caps admin bodies with a wrong admin token, and spares Meta's signed webhooks", async () => {
    // A route that checks the admin token in its handler, after the body would have been parsed.
    const admin = await app.inject({
      method: "POST",
      url: "/admin/v1/tenants/tn_91/business_accounts/200000000000091/webhook_deliveries/replay",
      headers: { "content-type": "application/json", authorization: "Bearer wrong-admin-token-0123456789" },
      payload: largeBody,
    });
    expect(admin.statusCode).toBe(413);
    const webhook = await app.inject({
      method: "POST",
      url: "/webhooks/meta",
      headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
      payload: largeBody,
    });
    expect(webhook.statusCode).toBe(401); // read whole, refused on its signature
  });

  it("answers a 5,000-level body with Graph error 100, not 500", async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`;
    const response = await send(
      JSON.stringify({ messaging_product: "whatsapp", to: "15551234567", type: "text", text: { body: "hi" } }).replace(
        /}$/,
        `,"biz_opaque_callback_data":"x","context":${deep}}`,
      ),
      `Bearer ${token.token}`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 100 });
  });
});
