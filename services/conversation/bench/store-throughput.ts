// Benchmark (not a test): how many messages per second the conversation service stores when it
// consumes them from Kafka exactly as in production (the same batch handlers: messages, sends,
// statuses, first-message hosting notices), next to the raw driver's `insertMany` of the same
// number of message documents into the same store, in the same run. Also counts the store calls
// per consumed batch (a proxy around the store port), the figure the batch path is about.
// Prints figures; asserts nothing.
//   node services/conversation/bench/store-throughput.ts [messages] [messages-per-thread]
// The mix: per thread, inbound messages and template sends alternate; each send then gets a
// `sent` and a `delivered` status report, as the upstream simulator would produce.

import { randomBytes } from "node:crypto";
import { ensureDevstack } from "@switchboard/devstack";
import { connectMongo, createKafkaEventBus, EventHandlers, event, type OutgoingEvent } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageAcceptedEvent,
  threadKey,
} from "@switchboard/proto";
import { meterStoreCalls } from "@switchboard/testing/store-call-meter";
import { pino } from "pino";
import { buildConversationService } from "../src/conversation-service.ts";
import { createMongoConversationStores } from "../src/conversation-stores.ts";
import { THREAD_BATCH_EVENTS } from "../src/events/thread-batch-handler.ts";

const messageCount = Number(process.argv[2] ?? 20_000);
const perThread = Number(process.argv[3] ?? 10);
const threadCount = Math.max(1, Math.ceil(messageCount / perThread));
const run = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
// Counts the consumer's group rejoins (the Kafka adapter warns on each): an eviction mid-drain
// would show here, and as redelivered batches.
let rejoins = 0;
const logger = pino(
  { level: "warn" },
  {
    write(line: string) {
      if (line.includes("rejoined its group")) rejoins++;
      process.stderr.write(line);
    },
  },
);

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
const snapshot = { hostingMode: "cloud", encryptionState: "provider_accessible", processors: ["business", "meta"] };
const T0 = Date.now() - 3_600_000;

// Events in thread order: message i belongs to thread i % threadCount, so threads interleave
// the way concurrent customers do.
const events: OutgoingEvent[] = [];
for (let i = 0; i < messageCount; i++) {
  const customer = `1555${String(i % threadCount).padStart(7, "0")}`;
  const thread = {
    tenantId: "bench",
    businessId: "biz",
    phoneNumberId: "100200300",
    customerId: customer,
    customerWaId: customer,
  };
  const key = threadKey(thread);
  const at = T0 + i;
  if (Math.floor(i / threadCount) % 2 === 0) {
    events.push(
      event(InboundMessageReceivedEvent, {
        key,
        tenantId: "bench",
        data: {
          thread,
          messageId: `wamid.in.${i}`,
          type: "text",
          messageJson: JSON.stringify({ text: { body: `message ${i}` } }),
          contactJson: "",
          sentAtMs: at,
          receivedAtMs: at,
          hosting: snapshot,
        },
      }),
    );
  } else {
    const messageId = `wamid.out.${i}`;
    events.push(
      event(OutboundMessageAcceptedEvent, {
        key,
        tenantId: "bench",
        data: {
          thread,
          messageId,
          type: "template",
          bodyJson: JSON.stringify({ template: { name: "hello_world", language: { code: "en_US" } } }),
          contextMessageId: "",
          bizOpaqueCallbackData: "",
          acceptedAtMs: at,
          hosting: snapshot,
        },
      }),
      ...["sent", "delivered"].map((status) =>
        event(MessageStatusReceivedEvent, {
          key,
          tenantId: "bench",
          data: { thread, messageId, status, statusAtMs: at + 1, errorsJson: "", bizOpaqueCallbackData: "" },
        }),
      ),
    );
  }
}
// Publish everything first, so the measurement is consumption and storage only.
for (let i = 0; i < events.length; i += 1_000) await bus.publish(events.slice(i, i + 1_000));

// Counts calls of every store method, and the batches the handler saw.
const stores = await createMongoConversationStores(mongo);
const mongoStore = stores.conversations;
const meter = meterStoreCalls(mongoStore);
const store = meter.store;
// The service exactly as main.ts builds it (hosting notices and privacy checks included), over the
// counting proxy; its thread consumer's batch handler, shared by every thread batch event type,
// is called through the counter below.
const service = buildConversationService({
  stores: { ...stores, conversations: store },
  bus,
  logger,
  clock: Date.now,
  consumerGroup: `${run}-conversation`,
});
const threadBatch = service.consumers.threads.handlers.get(InboundMessageReceivedEvent.type);
if (threadBatch?.kind !== "batch") throw new Error("thread events are handled in batches");
const handle = threadBatch.handle;
let batches = 0;
// Progress is counted here, not by asking the store: on FerretDB a filtered count is a scan of the
// whole collection, and polling one took over a third of the store's CPU in this very benchmark.
// An event counts once its batch was handled without throwing (a retried batch counts once).
const handled = new Set<string>();
const counted = new EventHandlers().onBatch(THREAD_BATCH_EVENTS, async (batch) => {
  batches++;
  const rejected = await handle(batch);
  for (const received of batch) handled.add(received.id);
  return rejected;
});

const messages = mongo.collection("messages");
const started = performance.now();
const subscription = await bus.subscribe({
  groupId: `${run}-conversation`,
  handlers: counted,
  // The adapter's default (every partition at once) unless a run asks for another figure.
  ...(process.env.BENCH_PARTITION_CONCURRENCY
    ? { partitionConcurrency: Number(process.env.BENCH_PARTITION_CONCURRENCY) }
    : {}),
});
while (handled.size < events.length) {
  if (process.env.BENCH_VERBOSE) console.error(`handled ${handled.size} of ${events.length} events`);
  await new Promise((r) => setTimeout(r, 100));
}
const consumedSeconds = (performance.now() - started) / 1000;
await subscription.stop();
// Outside the timing: the store must hold every message once, or the figure above means nothing.
const storedMessages = await messages.countDocuments({
  tenantId: "bench",
  direction: { $in: ["inbound", "outbound"] },
});

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
      createdAtMs: T0 + i + j,
      hosting: snapshot,
    })),
    { ordered: false },
  );
}
const rawSeconds = (performance.now() - rawStarted) / 1000;
const serviceRate = messageCount / consumedSeconds;
const rawRate = messageCount / rawSeconds;

console.log(
  `\nconversation store throughput (${messageCount} messages, ${events.length} events, ${threadCount} threads, ${perThread} messages per thread, MongoDB wire: ${stack.mongodbUri})`,
);
console.log("| path | messages | seconds | messages/s | of raw |");
console.log("| --- | ---: | ---: | ---: | ---: |");
console.log(
  `| conversation service (Kafka → batch handlers → store) | ${messageCount} | ${consumedSeconds.toFixed(1)} | ${Math.round(serviceRate)} | ${((100 * serviceRate) / rawRate).toFixed(0)} % |`,
);
console.log(
  `| raw driver insertMany (batches of 1000) | ${messageCount} | ${rawSeconds.toFixed(1)} | ${Math.round(rawRate)} | 100 % |`,
);
console.log(
  `\nbatches handled: ${batches}; events per batch: ${(events.length / Math.max(1, batches)).toFixed(0)}; store calls per batch: ${(meter.calls() / Math.max(1, batches)).toFixed(1)} (each call is one request per 500 ids / 1000 documents / 50 updates)`,
);

console.log(
  `messages stored: ${storedMessages} of ${messageCount}${storedMessages === messageCount ? "" : " (MISMATCH)"}`,
);
console.log(`group rejoins while draining: ${rejoins}`);
console.log(
  `store time by method (s): ${[...meter.msByMethod()].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(", ")}`,
);

await bus.close();
await mongo.dropDatabase();
await mongo.close();
