// Benchmark (not a test): the catalog's two hot paths against the dev store and broker, each next
// to the raw driver's `insertMany` of the same number of documents into the same store, in the
// same run. Prints figures; asserts nothing.
//   node services/catalog/bench/commerce-throughput.ts [feed-rows] [orders] [products]
// Feed: a generated CSV with Meta's columns, read, checked and written by the same importFeed the
// CLI runs (here with the service's batch upsert in-process instead of over gRPC), 1,000 rows a
// batch. Orders: inbound order messages published to Kafka the way ingress does (one customer
// each), consumed by the real intake, stock keeper and decider; orders/s counts from the first
// publish until every order is decided. Stock is scarcer than demand, so some orders are refused.
// Servers: MONGODB_URI and KAFKA_BROKERS when set, the dev stack's fixed ports otherwise.
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectMongo, createKafkaEventBus, createLogger, event, type OutgoingEvent } from "@switchboard/kit";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { buildCatalogService } from "../src/catalog-service.ts";
import { orderIdOf } from "../src/domain/commerce-ids.ts";
import { importFeed } from "../src/feed/import-feed.ts";
import { createMongoCatalogStores } from "../src/store/mongo-catalog-stores.ts";
import { orderMessage, productFixture } from "../test/support/product-fixtures.ts";

const feedRows = Number(process.argv[2] ?? 100_000);
const orderCount = Number(process.argv[3] ?? 5_000);
const productCount = Number(process.argv[4] ?? 50);
const run = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const mongodbUri = process.env.MONGODB_URI ?? "mongodb://127.0.0.1:37017/";
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:39092").split(",");
const logger = createLogger({ service: "catalog-bench", level: "warn" });
const scope = { tenantId: "t-bench", businessId: "b-bench" };
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en");

const mongo = await connectMongo({ uri: mongodbUri, dbName: run });
const bus = await createKafkaEventBus({
  brokers,
  clientId: "catalog-bench",
  source: "/switchboard/bench",
  topicPrefix: `${run}.`,
  partitions: 6,
  logger,
});
const stores = await createMongoCatalogStores(mongo);
const service = buildCatalogService({ ...stores, bus, now: Date.now, orderPolicy: () => "partial" });

async function rawInsertMany(collection: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1_000) {
    const docs = Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
      _id: `raw-${i + j}` as never,
      ...productFixture({ retailerId: `raw-${i + j}`, description: "A mug for the benchmark" }),
    }));
    await mongo.db?.collection(collection).insertMany(docs, { ordered: false });
  }
  return performance.now() - started;
}

try {
  // Feed import.
  const lines = ["id,title,description,availability,condition,price,link,image_link,brand,inventory"];
  for (let i = 0; i < feedRows; i++)
    lines.push(
      `f-${i},Mug ${i},A mug for the benchmark,in stock,new,12.99 USD,https://x.test/${i},https://x.test/${i}.jpg,Acme,${i % 50}`,
    );
  const path = join(await mkdtemp(join(tmpdir(), "feed-bench-")), "feed.csv");
  await writeFile(path, `${lines.join("\n")}\n`);
  const feed = await importFeed({
    path,
    catalogId: "feed",
    batchSize: 1_000,
    dryRun: false,
    upsert: (products) => service.products.batchUpsert(scope, products),
    onProgress: (p) => {
      if (p.rows % 10_000 === 0)
        console.error(`feed: ${p.rows} rows, ${Math.round((p.rows / p.elapsedMs) * 1000)} rows/s`);
    },
  });
  const feedRaw = await rawInsertMany("raw_feed", feedRows);
  console.log(
    `feed: ${feed.imported.toLocaleString("en")}/${feed.rows.toLocaleString("en")} rows in ${Math.round(feed.elapsedMs)} ms = ${rate(feed.rows, feed.elapsedMs)} rows/s (${feed.batches} batches, ${feed.bad.length} bad); raw insertMany ${rate(feedRows, feedRaw)} docs/s`,
  );

  // Orders.
  const units = Math.floor(orderCount / productCount / 2);
  await service.products.batchUpsert(
    scope,
    Array.from({ length: productCount }, (_, i) => productFixture({ retailerId: `p-${i}`, availableQuantity: units })),
  );
  const handles = await service.consume();
  const ids: string[] = [];
  const events: OutgoingEvent[] = [];
  for (let i = 0; i < orderCount; i++) {
    const data = orderMessage({
      ...scope,
      messageId: `wamid.bench.${i}`,
      customerId: `1555${String(i).padStart(7, "0")}`,
      items: [{ retailerId: `p-${i % productCount}`, quantity: 1, price: 12.99 }],
    });
    ids.push(orderIdOf(scope, data.messageId));
    events.push(
      event(InboundMessageReceivedEvent, {
        key: data.thread ? threadKey(data.thread) : data.messageId,
        tenantId: scope.tenantId,
        data,
      }),
    );
  }
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1_000) await bus.publish(events.slice(i, i + 1_000));
  let statuses: string[] = [];
  for (;;) {
    const tips = await stores.orders.tips(ids);
    statuses = [...tips.values()].map((t) => t.state.status);
    if (statuses.length === ids.length && !statuses.includes("pending")) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const ordersMs = performance.now() - started;
  await Promise.all(handles.map((h) => h.stop()));
  const confirmed = statuses.filter((s) => s === "confirmed").length;
  const ordersRaw = await rawInsertMany("raw_orders", orderCount);
  console.log(
    `orders: ${orderCount.toLocaleString("en")} decided in ${Math.round(ordersMs)} ms = ${rate(orderCount, ordersMs)} orders/s (${confirmed} confirmed = ${productCount} products × ${units} units, ${orderCount - confirmed} refused); raw insertMany ${rate(orderCount, ordersRaw)} docs/s`,
  );
} finally {
  await mongo.dropDatabase();
  await mongo.close();
  await bus.close();
}
