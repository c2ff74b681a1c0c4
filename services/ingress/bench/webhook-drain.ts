// Benchmark (not a test): how fast the business-webhook delivery worker drains a backlog (as after
// a receiver outage) from the real MongoDB-wire store, and what each delivery costs in store calls.
// Seeds N due deliveries spread over a few businesses straight into the store's collection (one
// insertMany: seeding is not what is measured), then runs the real worker (the production
// defaults of webhook-config.ts, the real signed poster) round after round against a local
// do-nothing HTTP receiver until every delivery is delivered. Prints deliveries/s, DeliveryStore
// calls (a proxy around the port) and database commands (the driver's command events) per
// delivery. Uses a database of its own, dropped at the end. Asserts nothing.
// `markers` already-delivered deliveries are seeded beside the backlog (the last hour's, which a
// round must not pay for): in `delivered_deliveries`, or, with `legacy`, as the store before it
// kept them there wrote them (state "delivered" in `pending_deliveries`), to measure that store.
//   node services/ingress/bench/webhook-drain.ts [deliveries=5000] [businesses=4] [markers=0] [legacy]
// MONGODB_URI (default mongodb://127.0.0.1:37017/) names the server; it starts none.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connectMongo, createInMemoryEventBus, createLogger, type TenantScope } from "@switchboard/kit";
import { meterStoreCalls } from "@switchboard/testing/store-call-meter";
import { z } from "zod";
import { type DeliveryStore, queuedDelivery } from "../src/business-webhooks/delivery-store.ts";
import { deliveryTuningOf } from "../src/business-webhooks/delivery-tuning.ts";
import { createDeliveryWorker } from "../src/business-webhooks/delivery-worker.ts";
import { createMongoDeliveryStore } from "../src/business-webhooks/mongo-delivery-store.ts";
import { businessWebhookConfigShape } from "../src/business-webhooks/webhook-config.ts";
import { createWebhookPoster } from "../src/business-webhooks/webhook-poster.ts";
import { outboundHttpOf } from "../src/outbound/outbound-of-config.ts";
import { createInMemorySubscriptionStore } from "../test/support/in-memory-subscription-store.ts";

const total = Number(process.argv[2] ?? 5_000);
const businessCount = Number(process.argv[3] ?? 4);
const markerCount = Number(process.argv[4] ?? 0);
const legacyMarkers = process.argv[5] === "legacy";
const uri = process.env.MONGODB_URI ?? "mongodb://127.0.0.1:37017/";
const dbName = `bench_webhooks_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const config = z.object(businessWebhookConfigShape).parse({});
const logger = createLogger({ service: "bench", level: "warn" });

// The receiver acknowledges everything at once, so what is measured is the worker and its store.
let received = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    received++;
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const connection = await connectMongo({ uri, dbName });
try {
  const scopes: TenantScope[] = Array.from({ length: businessCount }, (_, i) => ({
    tenantId: `tn_bench${i}`,
    businessId: String(100 + i),
  }));
  const subscriptions = createInMemorySubscriptionStore();
  for (const scope of scopes) {
    await subscriptions.put(scope, {
      callbackUrl,
      verifyToken: "v",
      appSecret: "bench-secret",
      createdAtMs: 0,
      updatedAtMs: 0,
    });
  }
  const mongoStore = await createMongoDeliveryStore(connection);
  const seededAt = Date.now() - 60_000;
  // The adapter's document shape (mongo-delivery-store.ts), written raw: 5,000 single upserts
  // through enqueue() would take longer than the drain being measured.
  const docs = Array.from({ length: total }, (_, i) => {
    const scope = scopes[i % scopes.length] as TenantScope;
    const deliveryId = `d${String(i).padStart(7, "0")}`;
    const change = { field: "messages", value: { messages: [{ id: `wamid.${deliveryId}`, type: "text" }] } };
    const delivery = queuedDelivery(
      scope,
      { deliveryId, eventType: "messages", phoneNumberId: "p1", changeJson: JSON.stringify(change) },
      seededAt,
    );
    return {
      _id: `${scope.tenantId}/${deliveryId}`,
      ...delivery,
      claimToken: "",
      claimedUntilMs: 0,
      claimSeq: 0,
      deliveredAtMs: 0,
    };
  });
  await connection.collection<{ _id: string }>("pending_deliveries").insertMany(docs);
  const deliveredAtMs = Date.now() - 30_000;
  for (let start = 0; start < markerCount; start += 5_000) {
    const ids = Array.from({ length: Math.min(5_000, markerCount - start) }, (_, i) => {
      const scope = scopes[(start + i) % scopes.length] as TenantScope;
      return { scope, deliveryId: `done${String(start + i).padStart(7, "0")}` };
    });
    if (legacyMarkers) {
      const legacy = ids.map(({ scope, deliveryId }) => ({
        _id: `${scope.tenantId}/${deliveryId}`,
        ...queuedDelivery(scope, { deliveryId, eventType: "messages", phoneNumberId: "p1", changeJson: "" }, seededAt),
        state: "delivered",
        claimToken: "",
        claimedUntilMs: 0,
        claimSeq: 1,
        deliveredAtMs,
      }));
      await connection.collection<{ _id: string }>("pending_deliveries").insertMany(legacy);
    } else {
      const markers = ids.map(({ scope, deliveryId }) => ({
        _id: `${scope.tenantId}/${deliveryId}`,
        tenantId: scope.tenantId,
        deliveredAtMs,
      }));
      await connection.collection<{ _id: string }>("delivered_deliveries").insertMany(markers);
    }
  }

  const meter = meterStoreCalls<DeliveryStore>(mongoStore);
  let commands = 0;
  // Where the store's time goes: count and server time per command and collection.
  const started = new Map<number, string>();
  const byCommand = new Map<string, { n: number; ms: number }>();
  const client = connection.getClient();
  client.on("commandStarted", (event) => {
    if (event.databaseName !== dbName) return;
    commands++;
    const target = event.commandName === "getMore" ? event.command.collection : event.command[event.commandName];
    started.set(event.requestId, `${event.commandName} ${String(target ?? "")}`);
  });
  const finished = (event: { requestId: number; duration: number }) => {
    const name = started.get(event.requestId);
    if (name === undefined) return;
    started.delete(event.requestId);
    const entry = byCommand.get(name) ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += event.duration;
    byCommand.set(name, entry);
  };
  client.on("commandSucceeded", finished);
  client.on("commandFailed", finished);
  const worker = createDeliveryWorker({
    store: meter.store,
    subscriptions,
    post: createWebhookPoster({
      http: outboundHttpOf({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: true, OUTBOUND_ALLOW_HOSTS: [] }),
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
    }),
    bus: createInMemoryEventBus(),
    ...deliveryTuningOf(config),
    // Rounds are run back to back below: no wake-up to linger after.
    lingerMs: 0,
    clock: Date.now,
    random: Math.random,
    logger,
  });

  const drainStarted = performance.now();
  let settled = 0;
  let rounds = 0;
  let idle = 0;
  // Rounds back to back, as the worker's loop runs them while it has a backlog.
  while (settled < total && idle < 3) {
    const n = await worker.runOnce();
    settled += n;
    rounds++;
    idle = n === 0 ? idle + 1 : 0;
  }
  const seconds = (performance.now() - drainStarted) / 1000;
  // Taken before the count below, which is not part of the drain.
  const drainCommands = commands;
  const commandTimes = [...byCommand].map(([name, { n, ms }]) => `${name} ${n}× ${Math.round(ms)} ms`).join(", ");
  const delivered =
    (await connection.collection("pending_deliveries").countDocuments({ state: "delivered" })) +
    (await connection.collection("delivered_deliveries").countDocuments()) -
    markerCount;
  const perMethod = [...meter.msByMethod()].map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(", ");
  console.log(
    [
      `webhook drain: ${total} deliveries, ${businessCount} businesses, claim limit ${config.WEBHOOK_CLAIM_LIMIT}, ` +
        `${config.WEBHOOK_ROUND_MAX_PER_BUSINESS} per business, ${config.WEBHOOK_POSTS_IN_FLIGHT} POSTs in flight, ` +
        `${markerCount} delivered markers seeded${legacyMarkers ? " (legacy: in pending_deliveries)" : ""}`,
      `  delivered ${delivered} (receiver acknowledged ${received} POSTs) in ${seconds.toFixed(1)} s, ${rounds} rounds`,
      `  ${(delivered / seconds).toFixed(0)} deliveries/s`,
      `  store calls: ${meter.calls()} (${(meter.calls() / Math.max(1, delivered)).toFixed(3)} per delivery); ` +
        `database commands: ${drainCommands} (${(drainCommands / Math.max(1, delivered)).toFixed(3)} per delivery)`,
      `  time in store methods (summed, calls overlap): ${perMethod}`,
      `  database commands (count, summed time): ${commandTimes}`,
    ].join("\n"),
  );
} finally {
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  receiver.close();
}
