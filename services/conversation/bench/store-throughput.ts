// Benchmark (not a test): how many messages per second the conversation service stores when it
// consumes them from Kafka exactly as in production (same handlers: thread upsert, idempotent
// message upsert, first-message hosting notice), next to the raw driver's `insertMany` of the same
// number of message documents into the same store, in the same run. Prints figures; asserts nothing.
//   node services/conversation/bench/store-throughput.ts [messages] [threads]
import { randomBytes } from "node:crypto";
import { ensureDevstack } from "@switchboard/devstack";
import { connectMongo, createKafkaEventBus, createLogger, event } from "@switchboard/kit";
import { InboundMessageReceivedEvent, threadKey } from "@switchboard/proto";
import { threadEventHandlers } from "../src/events/thread-event-handlers.ts";
import { createHostingModule } from "../src/hosting/hosting-module.ts";
import { createMongoConversationStore } from "../src/store/mongo-conversation-store.ts";

const messageCount = Number(process.argv[2] ?? 20_000);
const threadCount = Number(process.argv[3] ?? 2_000);
const run = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const logger = createLogger({ service: "bench", level: "warn" });

const stack = await ensureDevstack({ log: (line) => console.error(`devstack: ${line}`) });
const mongo = await connectMongo({ uri: stack.mongodbUri, dbName: run });
const bus = await createKafkaEventBus({
  brokers: stack.kafkaBrokers.split(","),
  clientId: "bench",
  source: "/switchboard/bench",
  topicPrefix: `${run}.`,
  partitions: 6,
  logger,
});
const store = await createMongoConversationStore(mongo);
const hosting = await createHostingModule(mongo, store, bus, logger);
const snapshot = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };

// Publish everything first, so the measurement is consumption and storage only.
const events = Array.from({ length: messageCount }, (_, i) => {
  const customer = `1555${String(i % threadCount).padStart(7, "0")}`;
  const thread = {
    tenantId: "bench",
    businessId: "biz",
    phoneNumberId: "100200300",
    customerId: customer,
    customerWaId: customer,
  };
  return event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: "bench",
    data: {
      thread,
      messageId: `wamid.bench.${i}`,
      type: "text",
      messageJson: JSON.stringify({ text: { body: `message ${i}` } }),
      contactJson: "",
      sentAtMs: 1_700_000_000_000 + i,
      receivedAtMs: 1_700_000_000_000 + i,
      hosting: snapshot,
    },
  });
});
for (let i = 0; i < events.length; i += 1_000) await bus.publish(events.slice(i, i + 1_000));

const messages = mongo.collection("messages");
const started = performance.now();
const subscription = await bus.subscribe({
  groupId: `${run}-conversation`,
  handlers: threadEventHandlers(store, bus, hosting.initialNotice),
});
const inbound = { tenantId: "bench", direction: "inbound" };
for (let stored = 0; stored < messageCount; stored = await messages.countDocuments(inbound)) {
  if (process.env.BENCH_VERBOSE) console.error(`stored ${stored}`);
  await new Promise((r) => setTimeout(r, 1_000));
}
const consumedSeconds = (performance.now() - started) / 1000;
await subscription.stop();

// The floor: the raw driver writing documents of the same shape into the same server, batched.
const raw = mongo.collection("raw_messages");
const rawStarted = performance.now();
for (let i = 0; i < messageCount; i += 1_000) {
  await raw.insertMany(
    Array.from({ length: Math.min(1_000, messageCount - i) }, (_, j) => ({
      tenantId: "bench",
      threadId: `th_${(i + j) % threadCount}`,
      messageId: `wamid.raw.${i + j}`,
      direction: "inbound",
      type: "text",
      status: "",
      bodyJson: JSON.stringify({ text: { body: `message ${i + j}` } }),
      createdAtMs: 1_700_000_000_000 + i + j,
      hosting: { ...snapshot, encryptionState: "provider_accessible" },
    })),
    { ordered: false },
  );
}
const rawSeconds = (performance.now() - rawStarted) / 1000;

console.log(
  `\nconversation store throughput (${messageCount} messages over ${threadCount} threads, MongoDB wire: ${stack.mongodbUri})`,
);
console.log("| path | messages | seconds | messages/s |");
console.log("| --- | ---: | ---: | ---: |");
console.log(
  `| conversation service (Kafka → handlers → store) | ${messageCount} | ${consumedSeconds.toFixed(1)} | ${Math.round(messageCount / consumedSeconds)} |`,
);
console.log(
  `| raw driver insertMany (batches of 1000) | ${messageCount} | ${rawSeconds.toFixed(1)} | ${Math.round(messageCount / rawSeconds)} |`,
);

await bus.close();
await mongo.dropDatabase();
await mongo.close();
