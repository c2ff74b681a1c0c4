// The catalog against the real MongoDB-wire server: the revision-chain contract on the Mongo
// adapter (and its recovery from a head a crash left behind), then the gRPC server in-process on
// port 0 called through the generated client, as other services call it, with tenant AND business
// isolation checked on every RPC. Events go to the in-memory bus here; orders.int.test.ts runs
// the consumers on Kafka.
import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import {
  callUnary,
  createInMemoryEventBus,
  createLogger,
  event,
  type RunningGrpcServer,
  startGrpcServer,
  type TenantScope,
} from "@switchboard/kit";
import { openTestClient, testServerSecurity } from "@switchboard/kit/testing";
import { InboundMessageReceivedEvent } from "@switchboard/proto";
import { CatalogServiceClient, CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderIdOf } from "../src/domain/commerce-ids.ts";
import { catalogGrpc } from "../src/grpc/catalog-grpc.ts";
import { createMongoRevisionChain, revisionIdOf } from "../src/store/mongo-revision-chain.ts";
import { useMongoCatalog } from "./support/mongo-catalog-harness.ts";
import { orderMessage, productMessage } from "./support/product-fixtures.ts";
import { describeRevisionChainContract } from "./support/revision-chain-contract.ts";

const logger = createLogger({ service: "catalog-test", level: "silent" });
const mongo = useMongoCatalog("catalog");

describeRevisionChainContract("mongo", async () => {
  const { connection } = await mongo.open(createInMemoryEventBus());
  return createMongoRevisionChain(connection, "counters");
});

describe("Mongo revision chain after a crash between revision and head", () => {
  it("reads past a head that lags its revisions", async () => {
    const { connection } = await mongo.open(createInMemoryEventBus());
    const chain = createMongoRevisionChain<{ n: number }>(connection, "lagging");
    await chain.append([{ id: "x", version: 1, state: { n: 1 } }]);
    // A writer inserted versions 2 and 3 and died before moving the head.
    await connection.db?.collection("lagging_revisions").insertMany([
      { _id: revisionIdOf("x", 2) as never, entity: "x", version: 2, state: { n: 2 } },
      { _id: revisionIdOf("x", 3) as never, entity: "x", version: 3, state: { n: 3 } },
    ]);
    expect((await chain.tips(["x"])).get("x")).toEqual({ id: "x", version: 3, state: { n: 3 } });
    expect(await chain.append([{ id: "x", version: 3, state: { n: 9 } }])).toEqual(new Set(["x"]));
  });
});

describe("CatalogService over gRPC", () => {
  const owner: TenantScope = { tenantId: "tenant-a", businessId: "biz-1" };
  const others: TenantScope[] = [
    { tenantId: "tenant-a", businessId: "biz-2" },
    { tenantId: "tenant-b", businessId: "biz-1" },
    { tenantId: "tenant-a", businessId: "", allBusinesses: true },
  ];
  let server: RunningGrpcServer;
  let client: CatalogServiceClient;
  let orderId = "";

  beforeAll(async () => {
    const bus = createInMemoryEventBus();
    const { service } = await mongo.open(bus);
    await service.consume();
    server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      services: [
        {
          name: "switchboard.catalog.v1.CatalogService",
          definition: CatalogServiceService,
          implementation: catalogGrpc(service, logger),
        },
      ],
    });
    client = openTestClient(CatalogServiceClient, `127.0.0.1:${server.port}`);
    await call(owner).upsert(productMessage({ retailerId: "sku-private", availableQuantity: 4 }));
    const data = orderMessage({
      tenantId: owner.tenantId,
      businessId: owner.businessId,
      messageId: "wamid.grpc",
      items: [{ retailerId: "sku-private", quantity: 1, price: 12.99 }],
    });
    await bus.publish([event(InboundMessageReceivedEvent, { key: "k", tenantId: owner.tenantId, data })]);
    orderId = orderIdOf(owner, "wamid.grpc");
  });
  afterAll(async () => {
    client?.close();
    await server?.drain(1_000);
  });

  const call = (scope: TenantScope) => ({
    upsert: (product = productMessage()) =>
      callUnary("UpsertProduct", client.upsertProduct.bind(client), { product }, { scope }),
    get: (retailerId: string) =>
      callUnary("GetProduct", client.getProduct.bind(client), { catalogId: "cat1", retailerId, itemId: "" }, { scope }),
    list: () =>
      callUnary(
        "ListProducts",
        client.listProducts.bind(client),
        { catalogId: "cat1", pageSize: 0, cursor: "", availability: "", inStockOnly: false, brand: "", category: "" },
        { scope },
      ),
    search: (prefix: string) =>
      callUnary(
        "SearchProducts",
        client.searchProducts.bind(client),
        { catalogId: "cat1", prefix, pageSize: 0 },
        { scope },
      ),
    unknown: (ids: string[]) =>
      callUnary(
        "FindUnknownProducts",
        client.findUnknownProducts.bind(client),
        { catalogId: "cat1", retailerIds: ids },
        { scope },
      ),
    update: (version: number) =>
      callUnary(
        "UpdateProduct",
        client.updateProduct.bind(client),
        { product: productMessage({ retailerId: "sku-private", name: "x" }), expectedVersion: version },
        { scope },
      ),
    remove: (retailerId: string) =>
      callUnary("DeleteProduct", client.deleteProduct.bind(client), { catalogId: "cat1", retailerId }, { scope }),
    adjust: (delta: number) =>
      callUnary(
        "AdjustInventory",
        client.adjustInventory.bind(client),
        { catalogId: "cat1", retailerId: "sku-private", delta, reason: "stocktake" },
        { scope },
      ),
    batch: () =>
      callUnary(
        "BatchUpsertProducts",
        client.batchUpsertProducts.bind(client),
        { products: [productMessage({ retailerId: "b-1" })] },
        { scope },
      ),
    order: () => callUnary("GetOrder", client.getOrder.bind(client), { orderId }, { scope }),
    move: (to: string) =>
      callUnary("UpdateOrderStatus", client.updateOrderStatus.bind(client), { orderId, status: to }, { scope }),
  });

  it("serves the product and the order it was ordered in to its owner", async () => {
    expect((await call(owner).get("sku-private")).product).toMatchObject({
      availableQuantity: 3,
      reservedQuantity: 1,
      version: 1,
    });
    expect((await call(owner).order()).order).toMatchObject({ status: "confirmed", messageId: "wamid.grpc" });
    expect((await call(owner).search("sku-pr")).products.map((p) => p.retailerId)).toEqual(["sku-private"]);
  });

  it("refuses a stale version with FAILED_PRECONDITION naming both versions", async () => {
    await call(owner).update(1);
    await expect(call(owner).update(1)).rejects.toMatchObject({
      code: "failed_precondition",
      message: expect.stringContaining("at version 2"),
    });
  });

  it("keeps every RPC inside its tenant and business", async () => {
    for (const scope of others) {
      const rpc = call(scope);
      await expect(rpc.get("sku-private")).rejects.toMatchObject({ code: "not_found" });
      expect((await rpc.list()).products).toEqual([]);
      expect((await rpc.search("sku")).products).toEqual([]);
      expect((await rpc.unknown(["sku-private"])).unknownRetailerIds).toEqual(["sku-private"]);
      await expect(rpc.update(2)).rejects.toMatchObject({ code: "not_found" });
      await expect(rpc.adjust(-1)).rejects.toMatchObject({ code: "not_found" });
      expect((await rpc.remove("sku-private")).deleted).toBe(false);
      await expect(rpc.order()).rejects.toMatchObject({ code: "not_found" });
      await expect(rpc.move("cancelled")).rejects.toMatchObject({ code: "not_found" });
      // Writes land in the caller's own namespace, never in the owner's.
      expect((await rpc.batch()).results[0]?.outcome).toBe("created");
    }
    expect((await call(owner).get("sku-private")).product).toMatchObject({ availableQuantity: 3, name: "x" });
    expect((await call(owner).order()).order?.status).toBe("confirmed");
    expect((await call(owner).list()).products.map((p) => p.retailerId)).toEqual(["sku-private"]);
  });

  it("refuses a call without tenant metadata as UNAUTHENTICATED", async () => {
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.getProduct({ catalogId: "cat1", retailerId: "sku-1", itemId: "" }, new Metadata(), (e) => resolve(e)),
    );
    expect(error?.code).toBe(status.UNAUTHENTICATED);
  });
});
