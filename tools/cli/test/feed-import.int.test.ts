// The feed importer against a catalog served over gRPC on port 0 and the real MongoDB-wire store:
// a CSV feed with bad rows, first as a dry run (every bad row reported with its line and reason,
// nothing written), then imported in batches (valid rows stored, bad rows reported again).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCatalogService, catalogGrpc, createMongoCatalogStores, importFeed } from "@switchboard/catalog";
import {
  callUnary,
  connectMongo,
  createInMemoryEventBus,
  createLogger,
  type RunningGrpcServer,
  startGrpcServer,
} from "@switchboard/kit";
import { openTestClient, testServerSecurity } from "@switchboard/kit/testing";
import {
  CatalogServiceClient,
  CatalogServiceService,
  Product,
} from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scope = { tenantId: "t-feed", businessId: "b-feed" };
const ROWS = 2_000;

describe("feed import", () => {
  let connection: Connection;
  let server: RunningGrpcServer;
  let client: CatalogServiceClient;
  let path = "";

  beforeAll(async () => {
    connection = await connectMongo({ uri: testServers().mongodbUri, dbName: uniqueName("feedimport") });
    const service = buildCatalogService({
      ...(await createMongoCatalogStores(connection)),
      bus: createInMemoryEventBus(),
      now: Date.now,
      orderPolicy: () => "partial",
    });
    server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      services: [
        {
          name: "switchboard.catalog.v1.CatalogService",
          definition: CatalogServiceService,
          implementation: catalogGrpc(service, createLogger({ service: "feed-test", level: "silent" })),
        },
      ],
    });
    client = openTestClient(CatalogServiceClient, `127.0.0.1:${server.port}`);
    const lines = ["id,title,description,availability,condition,price,link,image_link,brand,inventory"];
    for (let i = 0; i < ROWS; i++)
      lines.push(
        `sku-${i},"Mug ${i}, blue",A mug,in stock,new,12.99 USD,https://x.test/${i},https://x.test/${i}.jpg,Acme,${i % 7}`,
      );
    lines.splice(11, 0, "bad-price,Mug,,in stock,new,12.999 USD,,,,1"); // line 12
    lines.splice(101, 0, ",No id,,in stock,new,1.00 USD,,,,1"); // line 102
    lines.splice(501, 0, "sku-3,Again,,in stock,new,1.00 USD,,,,1"); // line 502 repeats sku-3
    path = join(await mkdtemp(join(tmpdir(), "feed-")), "feed.csv");
    await writeFile(path, `${lines.join("\n")}\n`);
  });
  afterAll(async () => {
    client?.close();
    await server?.drain(1_000);
    await connection?.dropDatabase();
    await connection?.close();
  });

  const run = (dryRun: boolean) =>
    importFeed({
      path,
      catalogId: "cat-feed",
      batchSize: 500,
      dryRun,
      upsert: async (products) =>
        (
          await callUnary(
            "BatchUpsertProducts",
            client.batchUpsertProducts.bind(client),
            { products: products.map((p) => Product.fromPartial(p)) },
            { scope, timeoutMs: 60_000 },
          )
        ).results,
    });
  const count = async () =>
    (await connection.db?.collection("products").countDocuments({ catalogId: "cat-feed" })) ?? 0;

  it("reports every bad row with its line in a dry run and writes nothing", async () => {
    const report = await run(true);
    expect(report.bad.map((b) => [b.line, b.reasons[0]])).toEqual([
      [12, 'price must look like "12.99 USD" (got "12.999 USD")'],
      [102, "id is required"],
      [502, "id repeats the row on line 5"],
    ]);
    expect(report).toMatchObject({ rows: ROWS + 3, imported: ROWS });
    expect(await count()).toBe(0);
  });

  it("imports the valid rows in batches and reports the rest", async () => {
    const report = await run(false);
    expect(report).toMatchObject({ rows: ROWS + 3, imported: ROWS, batches: 4 });
    expect(report.bad.map((b) => b.line)).toEqual([12, 102, 502]);
    expect(await count()).toBe(ROWS);
    const product = await callUnary(
      "GetProduct",
      client.getProduct.bind(client),
      { catalogId: "cat-feed", retailerId: "sku-13" },
      { scope },
    );
    expect(product.product).toMatchObject({
      name: "Mug 13, blue",
      priceMinor: 1299,
      currency: "USD",
      availableQuantity: 6,
      brand: "Acme",
    });
  });
});
