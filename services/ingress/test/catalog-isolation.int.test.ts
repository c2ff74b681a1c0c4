// Commerce isolation end to end through ingress's routes, against the real catalog service: its
// builder over the Mongo stores of its own database, served over gRPC on port 0 and called through
// ingress's gRPC adapters with signed scopes, as in a deployment. A BSP tenant runs two business
// accounts; business A1 owns a product and a batch. A1's sibling A2 and another tenant's business
// B send every catalog request at A1's objects with their own tokens: list, read, update and delete
// the product by its item id, read the batch, send a message naming the product. Each gets
// Graph's error shape (or an empty catalog), and the catalog's store shows nothing of A1's
// changed. Orders have no HTTP route (they reach businesses as webhooks); their isolation is the
// catalog's gRPC suite's.
import { buildCatalogService, catalogGrpc, createMongoCatalogStores } from "@switchboard/catalog";
import {
  connectMongo,
  createLogger,
  openInternalClient,
  type RunningGrpcServer,
  startGrpcServer,
} from "@switchboard/kit";
import { testCallAuth, testServerSecurity, useKafkaTestBus } from "@switchboard/kit/testing";
import { CatalogServiceClient, CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrpcCatalog } from "../src/catalog/grpc-catalog.ts";
import { createGrpcCommerce } from "../src/catalog/grpc-commerce.ts";
import { loadIngressConfig } from "../src/config.ts";
import { issueAccessToken } from "../src/tenancy/access-token.ts";
import { buildTestIngress } from "./support/test-ingress.ts";

const logger = createLogger({ service: "ingress-catalog-isolation-test", level: "warn" });
const CATALOG = "810000000000001";
const A1 = { tenantId: "bsp-iso", businessId: "210000000000001", phoneNumberId: "110000000000001" };
const A2 = { tenantId: "bsp-iso", businessId: "210000000000002", phoneNumberId: "110000000000002" };
const B = { tenantId: "other-iso", businessId: "210000000000003", phoneNumberId: "110000000000003" };
const tokens = { a1: issueAccessToken(), a2: issueAccessToken(), b: issueAccessToken() };

type GraphError = {
  error?: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
};

describe("catalog routes against the real catalog service: business and tenant isolation", () => {
  const servers = testServers();
  const kafka = useKafkaTestBus("ingcatiso", { logger });
  let catalogDb: Connection;
  let ingressDb: Connection;
  let grpc: RunningGrpcServer;
  let client: CatalogServiceClient;
  let app: FastifyInstance;
  let catalog: ReturnType<typeof buildCatalogService>;
  let itemId = "";
  let handle = "";

  const send = (method: "GET" | "POST" | "DELETE", url: string, token: string, body?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
  const expectUnknown = (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(400);
    expect((response.json() as GraphError).error).toMatchObject({
      type: "GraphMethodException",
      code: 100,
      error_subcode: 33,
      fbtrace_id: expect.any(String),
    });
  };

  beforeAll(async () => {
    catalogDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("catiso") });
    ingressDb = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingiso") });
    catalog = buildCatalogService({
      ...(await createMongoCatalogStores(catalogDb)),
      bus: kafka.bus,
      now: Date.now,
      orderPolicy: () => "partial",
    });
    grpc = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [
        {
          name: "switchboard.catalog.v1.CatalogService",
          definition: CatalogServiceService,
          implementation: catalogGrpc(catalog, logger),
        },
      ],
      security: testServerSecurity,
    });
    client = openInternalClient(CatalogServiceClient, `127.0.0.1:${grpc.port}`, testCallAuth);
    const config = loadIngressConfig({
      ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
    });
    const ingress = await buildTestIngress({ mongo: ingressDb, bus: kafka.bus, logger }, config, {
      catalog: createGrpcCatalog(client),
      commerce: createGrpcCommerce(client),
    });
    app = ingress.service.http;
    await app.ready();

    const tenants = ingress.deps.tenancy.admin;
    const number = (phoneNumberId: string) => ({
      phoneNumberId,
      displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
      hostingMode: "cloud" as const,
      processors: ["business", "meta"],
      catalogId: CATALOG,
    });
    await tenants.createTenant({
      tenantId: A1.tenantId,
      businessId: A1.businessId,
      name: "Reseller",
      kind: "bsp",
      phoneNumbers: [number(A1.phoneNumberId)],
      tokenId: "310000000000001",
      tokenHash: tokens.a1.hash,
    });
    await tenants.upsertBusinessAccount(A2.tenantId, A2.businessId, "Reseller's second client");
    await tenants.upsertPhoneNumber(A2, number(A2.phoneNumberId));
    await tenants.issueToken(A2, "310000000000002", tokens.a2.hash);
    await tenants.createTenant({
      tenantId: B.tenantId,
      businessId: B.businessId,
      name: "Other shop",
      kind: "enterprise",
      phoneNumbers: [number(B.phoneNumberId)],
      tokenId: "310000000000003",
      tokenHash: tokens.b.hash,
    });

    const created = await send("POST", `/v23.0/${CATALOG}/products`, tokens.a1.token, {
      retailer_id: "a1-secret",
      name: "Secret mug",
      price: 1299,
      currency: "USD",
      inventory: 5,
    });
    expect(created.statusCode).toBe(200);
    itemId = (created.json() as { id: string }).id;
    const batch = await send("POST", `/v23.0/${CATALOG}/items_batch`, tokens.a1.token, {
      requests: [{ method: "CREATE", data: { id: "a1-batch", title: "Batch mug", price: "3.00 USD", inventory: 2 } }],
    });
    handle = (batch.json() as { handles: string[] }).handles[0] ?? "";
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    client?.close();
    await grpc?.drain(1_000);
    await catalogDb?.dropDatabase();
    await ingressDb?.dropDatabase();
    await Promise.all([catalogDb?.close(), ingressDb?.close()]);
  });

  it("serves the owner its product at its item id (the routes work)", async () => {
    expect(itemId).toMatch(/^[1-9][0-9]{18}$/);
    expect((await send("GET", `/v23.0/${itemId}`, tokens.a1.token)).json()).toMatchObject({
      id: itemId,
      retailer_id: "a1-secret",
      name: "Secret mug",
      inventory: 5,
    });
  });

  for (const [who, token] of [
    ["A2, the same BSP tenant's other business", () => tokens.a2.token],
    ["B, another tenant's business", () => tokens.b.token],
  ] as const) {
    it(`refuses ${who} every catalog request at A1's objects, changing nothing`, async () => {
      const listed = await send("GET", `/v23.0/${CATALOG}/products`, token());
      expect(listed.json()).toMatchObject({ data: [] });
      expectUnknown(await send("GET", `/v23.0/${itemId}`, token()));
      expectUnknown(await send("POST", `/v23.0/${itemId}`, token(), { name: "Taken over", inventory: 0 }));
      expectUnknown(await send("DELETE", `/v23.0/${itemId}`, token()));
      expectUnknown(await send("GET", `/v23.0/${CATALOG}/check_batch_request_status?handle=${handle}`, token()));

      const own = who.startsWith("A2") ? A2 : B;
      const sent = await send("POST", `/v23.0/${own.phoneNumberId}/messages`, token(), {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "15550001111",
        type: "interactive",
        interactive: {
          type: "product",
          body: { text: "Look" },
          action: { catalog_id: CATALOG, product_retailer_id: "a1-secret" },
        },
      });
      expect(sent.statusCode).toBe(400);
      expect((sent.json() as GraphError).error).toMatchObject({
        code: 131009,
        message: expect.any(String),
        fbtrace_id: expect.any(String),
      });

      // The store after: A1's product exactly as created, at version 1 with its stock, and the
      // prober's scope holds no product at all.
      const key = { catalogId: CATALOG, retailerId: "a1-secret" };
      expect(await catalog.products.get(A1, key)).toMatchObject({
        version: 1,
        name: "Secret mug",
        availableQuantity: 5,
      });
      expect(await catalog.products.get(own, key)).toBeUndefined();
      expect(await catalog.products.get(A1, { catalogId: CATALOG, retailerId: "a1-batch" })).toMatchObject({
        version: 1,
      });
      const revisions = catalogDb.db?.collection("products_revisions");
      expect(await revisions?.countDocuments({ "state.businessId": own.businessId })).toBe(0);
      expect(await revisions?.countDocuments({ entity: { $regex: "a1-secret" } })).toBe(1);
    });
  }

  it("lets the owner update and delete, after all the refusals", async () => {
    expect((await send("POST", `/v23.0/${itemId}`, tokens.a1.token, { name: "Mug", inventory: 7 })).json()).toEqual({
      success: true,
    });
    expect((await send("GET", `/v23.0/${itemId}`, tokens.a1.token)).json()).toMatchObject({
      name: "Mug",
      version: 2,
      inventory: 7,
    });
    expect((await send("DELETE", `/v23.0/${itemId}`, tokens.a1.token)).json()).toEqual({ success: true });
    expectUnknown(await send("GET", `/v23.0/${itemId}`, tokens.a1.token));
  });
});
