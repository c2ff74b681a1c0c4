// The catalog service against the real MongoDB-wire server: the store contract on the Mongo
// adapter, then the gRPC server in-process on port 0 called through the generated client, as
// other services will call it. Each run uses its own database.
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import {
  AppError,
  callUnary,
  connectMongo,
  createLogger,
  type RunningGrpcServer,
  startGrpcServer,
  type TenantScope,
} from "@switchboard/kit";
import {
  CatalogServiceClient,
  CatalogServiceService,
  type ListProductsResponse,
} from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogGrpc } from "../src/grpc/catalog-grpc.ts";
import { createMongoProductStore } from "../src/store/mongo-product-store.ts";
import type { ProductStore } from "../src/store/product-store.ts";
import { describeProductStoreContract, productFixture } from "../src/store/product-store-contract.ts";

const { mongodbUri } = testServers();
const dbName = uniqueName("catalog");
const logger = createLogger({ service: "catalog-test", level: "silent" });

let connection: Connection | undefined;
async function mongoStore(): Promise<ProductStore> {
  connection ??= await connectMongo({ uri: mongodbUri, dbName });
  return createMongoProductStore(connection);
}

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

describeProductStoreContract("mongo", mongoStore);

describe("CatalogService over gRPC", () => {
  const tenantA: TenantScope = { tenantId: "tenant-a", businessId: "" };
  const tenantB: TenantScope = { tenantId: "tenant-b", businessId: "" };
  let server: RunningGrpcServer;
  let client: CatalogServiceClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [
        {
          name: "switchboard.catalog.v1.CatalogService",
          definition: CatalogServiceService,
          implementation: catalogGrpc(await mongoStore(), logger),
        },
      ],
    });
    client = new CatalogServiceClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await server?.drain(1_000);
  });

  const upsert = (scope: TenantScope, product = productFixture()) =>
    callUnary("UpsertProduct", client.upsertProduct.bind(client), { product }, { scope });
  const get = (scope: TenantScope, retailerId: string) =>
    callUnary("GetProduct", client.getProduct.bind(client), { catalogId: "cat1", retailerId }, { scope });
  const list = (scope: TenantScope): Promise<ListProductsResponse> =>
    callUnary(
      "ListProducts",
      client.listProducts.bind(client),
      { catalogId: "cat1", pageSize: 0, cursor: "" },
      { scope },
    );

  it("upserts a product, then gets it back", async () => {
    const created = await upsert(tenantA);
    expect(created).toEqual({ product: productFixture(), created: true });
    expect((await upsert(tenantA, productFixture({ availableQuantity: 2 }))).created).toBe(false);
    expect(await get(tenantA, "sku-1")).toEqual({ product: productFixture({ availableQuantity: 2 }) });
  });

  it("answers NOT_FOUND for a product that does not exist", async () => {
    await expect(get(tenantA, "missing")).rejects.toMatchObject({ code: "not_found" });
  });

  it("finds the unknown retailer ids of a request, deduplicated, in request order", async () => {
    await upsert(tenantA, productFixture({ retailerId: "sku-2" }));
    const response = await callUnary(
      "FindUnknownProducts",
      client.findUnknownProducts.bind(client),
      { catalogId: "cat1", retailerIds: ["nope-1", "sku-1", "nope-2", "sku-2", "nope-1"] },
      { scope: tenantA },
    );
    expect(response.unknownRetailerIds).toEqual(["nope-1", "nope-2"]);
  });

  it("refuses more than 100 distinct ids and invalid products with INVALID_ARGUMENT", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `sku-${i}`);
    await expect(
      callUnary(
        "FindUnknownProducts",
        client.findUnknownProducts.bind(client),
        { catalogId: "cat1", retailerIds: ids },
        {
          scope: tenantA,
        },
      ),
    ).rejects.toMatchObject({ code: "invalid_argument" });
    const rejected = await upsert(tenantA, productFixture({ priceMinor: -5 })).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(AppError);
    expect(rejected).toMatchObject({ code: "invalid_argument", message: "price_minor must be a whole number >= 0" });
  });

  it("keeps tenant A's products invisible to tenant B", async () => {
    await upsert(tenantA, productFixture({ retailerId: "sku-private" }));
    await expect(get(tenantB, "sku-private")).rejects.toMatchObject({ code: "not_found" });
    expect((await list(tenantB)).products).toEqual([]);
    expect((await list(tenantA)).products.map((p) => p.retailerId)).toContain("sku-private");
    const unknown = await callUnary(
      "FindUnknownProducts",
      client.findUnknownProducts.bind(client),
      { catalogId: "cat1", retailerIds: ["sku-private"] },
      { scope: tenantB },
    );
    expect(unknown.unknownRetailerIds).toEqual(["sku-private"]);
  });

  it("refuses a call without tenant metadata as UNAUTHENTICATED", async () => {
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.getProduct({ catalogId: "cat1", retailerId: "sku-1" }, new Metadata(), (e) => resolve(e)),
    );
    expect(error?.code).toBe(status.UNAUTHENTICATED);
  });
});
