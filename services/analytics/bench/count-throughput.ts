// Benchmark (not a test): how many thread events per second analytics counts when it consumes
// them from Kafka exactly as in production (the same batch handler, the Mongo store, the public
// stream), next to the raw driver's `insertMany` of as many fact-sized documents into the same
// store, in the same run, and next to the platform's end-to-end target. Also counts the store
// calls per consumed batch (a proxy around the store port). Prints figures; asserts nothing.
//   node services/analytics/bench/count-throughput.ts [events]
// The mix is the exactness test's workload (test/support/volume-workload.ts): every message type,
// statuses, orders, hosting modes, second copies, out-of-order and late arrivals.

import { randomBytes } from "node:crypto";
import { connectMongo, createKafkaEventBus, createLogger, EventHandlers } from "@switchboard/kit";
import { meterStoreCalls } from "@switchboard/testing/store-call-meter";
import { COUNTED_EVENTS, COUNTED_TOPICS } from "../src/events/observation-of.ts";
import { busRollupPublisher } from "../src/events/rollup-publisher.ts";
import { volumeBatchHandler } from "../src/events/thread-event-handlers.ts";
import { createMongoVolumeStore } from "../src/store/mongo-volume-store.ts";
import { threadEvent } from "../test/support/volume-fixtures.ts";
import { GRACE_MS, workload } from "../test/support/volume-workload.ts";

/** docs/decisions.md: the platform's end-to-end target, and the intake measured by `./run bench`. */
const PLATFORM_TARGET_PER_S = 2_100;
const PLATFORM_INTAKE_MEASURED_PER_S = 1_000;
const PARTITIONS = 6;
const eventCount = Number(process.argv[2] ?? 20_000);
const run = `benchan_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const logger = createLogger({ service: "analytics-bench", level: "warn" });
// The running dev stack's servers unless the environment names others (a bench is its own root).
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:39092").split(",");
const mongodbUri = process.env.MONGODB_URI ?? "mongodb://127.0.0.1:37017/";

const mongo = await connectMongo({ uri: mongodbUri, dbName: run });
const bus = await createKafkaEventBus({
  brokers,
  clientId: "bench",
  source: "/switchboard/bench",
  topicPrefix: `${run}.`,
  partitions: PARTITIONS,
  logger,
});
const tenants = ["bench-a", "bench-b", "bench-c"];
const events = workload(tenants, eventCount, Date.now() - 6 * 3_600_000);
for (let i = 0; i < events.length; i += 1_000) await bus.publish(events.slice(i, i + 1_000).map(threadEvent));

const mongoStore = await createMongoVolumeStore(mongo, { topics: COUNTED_TOPICS, partitions: PARTITIONS });
const meter = meterStoreCalls(mongoStore);
const store = meter.store;
const handle = volumeBatchHandler({
  store,
  publisher: busRollupPublisher(bus),
  partitions: PARTITIONS,
  topics: COUNTED_TOPICS,
  graceMs: GRACE_MS,
});
let batches = 0;
let handled = 0;
let firstAt = 0;
const done = Promise.withResolvers<void>();
const subscription = await bus.subscribe({
  groupId: `${run}-analytics`,
  handlers: new EventHandlers().onBatch(COUNTED_EVENTS, async (batch) => {
    firstAt ||= performance.now();
    batches++;
    const rejected = await handle(batch);
    handled += batch.length;
    if (handled >= events.length) done.resolve();
    return rejected;
  }),
});
await done.promise;
const countSeconds = (performance.now() - firstAt) / 1000;
await subscription.stop();

// Baseline, same store, same run: raw insertMany of as many documents of a fact's size.
const raw = mongo.db?.collection(`${run}_raw`);
const docs = Array.from({ length: events.length }, (_, i) => ({
  _id: `bench-a|sent|wamid.${i}`,
  tenantId: "bench-a",
  key: { tenantId: "bench-a", businessId: "w1", phoneNumberId: "p1", direction: "outbound", bucketStartMs: i },
  measures: { sent: 1 },
  topic: "t",
  partition: 0,
  offset: String(i),
}));
const rawStarted = performance.now();
for (let i = 0; i < docs.length; i += 1_000) await raw?.insertMany(docs.slice(i, i + 1_000) as never[]);
const rawSeconds = (performance.now() - rawStarted) / 1000;

const facts = await mongo.db?.collection("volume_facts").estimatedDocumentCount();
const parts = await mongo.db?.collection("volume_parts").estimatedDocumentCount();
const perS = (n: number, s: number) => Math.round(n / s).toLocaleString("en");
console.log(`events ${events.length} (3 tenants, ${PARTITIONS} partitions), facts stored ${facts}, parts ${parts}`);
console.log(`counted:            ${perS(events.length, countSeconds)} events/s (${countSeconds.toFixed(1)} s)`);
console.log(`raw insertMany:     ${perS(docs.length, rawSeconds)} docs/s (same store, same run)`);
console.log(
  `platform:           target ${PLATFORM_TARGET_PER_S.toLocaleString("en")} msg/s end to end; intake measured ${PLATFORM_INTAKE_MEASURED_PER_S.toLocaleString("en")} msg/s (./run bench)`,
);
console.log(
  `batches ${batches}, ${(events.length / batches).toFixed(0)} events/batch, ${(meter.calls() / batches).toFixed(1)} store calls/batch`,
);
console.log(
  `store time by call (ms, summed): ${[...meter.msByMethod()].map(([k, v]) => `${k} ${Math.round(v)}`).join(", ")}`,
);
await bus.close();
await mongo.dropDatabase();
await mongo.close();
