// Benchmark (not a test): kafkajs 2.2.4, the client of our EventBus Kafka adapter, against
// @platformatic/kafka on the dev stack's real broker, in the same run and with the same records
// (~500-byte values, 2,000 keys, 6 partitions). For each client it measures:
//  1. producing with an idempotent producer at acks=all: (a) 200 concurrent callers, each
//     awaiting its own single-record publish as an HTTP edge does (records/s, p50/p99 ack latency);
//     kafkajs goes through the adapter's group commit, platformatic through its native batching
//     (`asStream`), our group commit, and plain `send()` per call; (b) sequential batches of 1,000;
//  2. a consumer group reading the edge-produced records from the beginning, committing per batch
//     (records/s), and checking that every record arrived once and each key in order;
//  3. whether a member survives a handler that awaits 25 s on one batch with a 10 s session
//     (kafkajs with and without calling `heartbeat()` every 3 s meanwhile).
// Prints a markdown table and asserts nothing. Topics and groups are `bench-kc-<random>-*` and
// are deleted at the end.
//   node services/kit/bench/kafka-clients.ts [records]      (KAFKA_BROKERS, default 127.0.0.1:39092)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Admin,
  Consumer,
  compatibilityPartitioner,
  defaultPartitioner,
  type Message,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type MessageToProduce,
  ProduceAcks,
  Producer,
  type ProducerStreamMessageReport,
  ProducerStreamReportModes,
} from "@platformatic/kafka";
import kafkajs, { type Kafka, type Consumer as KafkajsConsumer, type LogEntry, type PartitionMetadata } from "kafkajs";
import { createGroupCommit } from "../src/events/group-commit.ts";

const BROKER = (process.env.KAFKA_BROKERS ?? "127.0.0.1:39092").split(",")[0] ?? "127.0.0.1:39092";
const RECORDS = Number(process.argv[2] ?? 50_000);
const UNBATCHED_RECORDS = Math.min(RECORDS, 5_000);
const KEYS = 2_000;
const CALLERS = 200;
const VALUE_BYTES = 500;
const PARTITIONS = 6;
const BULK_BATCH = 1_000;
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;
const SLOW_BATCH_MS = 25_000;
const PROBES_MS = [15_000, 24_000];
// Keys repeat every KEYS records and caller c publishes records c, c + CALLERS, …, so all records
// of one key come from one caller, each after the previous one's ack: Kafka must keep their order.
if (KEYS % CALLERS !== 0) throw new Error("KEYS must be a multiple of CALLERS");

const run = `bench-kc-${randomBytes(4).toString("hex")}`;
const topicName = (name: string) => `${run}-${name}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 120);

function packageVersion(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? "?";
    } catch {
      // no package.json at this level
    }
  }
  return "?";
}

// ---- records and checks -------------------------------------------------------------------------

interface BenchRecord {
  key: Buffer;
  value: Buffer;
}

const padding = Buffer.alloc(VALUE_BYTES, "x");
const records: BenchRecord[] = Array.from({ length: RECORDS }, (_, i) => {
  const head = Buffer.from(`${i % KEYS}:${Math.floor(i / KEYS)}:`);
  return {
    key: Buffer.from(`key-${i % KEYS}`),
    value: Buffer.concat([head, padding.subarray(head.length)]),
  };
});

/** Every record once, each key's records in publish order, each key on kafkajs' partition. */
class ConsumedCheck {
  count = 0;
  duplicates = 0;
  outOfOrder = 0;
  misplaced = 0;
  readonly #next = new Map<number, number>();

  see(value: Buffer | undefined, partition: number): void {
    this.count++;
    const [key = -1, seq = -1] = (value ?? Buffer.alloc(0)).toString("latin1", 0, 24).split(":").map(Number);
    if (partition !== kafkajsPartition(`key-${key}`)) this.misplaced++;
    const expected = this.#next.get(key) ?? 0;
    if (seq === expected) this.#next.set(key, seq + 1);
    else if (seq < expected) this.duplicates++;
    else this.outOfOrder++;
  }

  summary(expected: number): string {
    const ok = this.count === expected && this.duplicates + this.outOfOrder + this.misplaced === 0;
    return ok
      ? "ok"
      : `${this.count}/${expected} read, ${this.duplicates} dup, ${this.outOfOrder} out of order, ${this.misplaced} misplaced`;
  }
}

const partitionMetadata: PartitionMetadata[] = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: 1,
  replicas: [1],
  isr: [1],
}));
const kafkajsPartitioner = kafkajs.Partitioners.DefaultPartitioner();
function kafkajsPartition(key: string): number {
  return kafkajsPartitioner({ topic: "t", partitionMetadata, message: { key, value: null } });
}

function partitionerAgreement(): { compatibility: number; default: number } {
  let compatibility = 0;
  let fallback = 0;
  for (let k = 0; k < KEYS; k++) {
    const key = Buffer.from(`key-${k}`);
    const expected = kafkajsPartition(`key-${k}`);
    const message = { topic: "t", key, value: key };
    if (compatibilityPartitioner(message, key) % PARTITIONS === expected) compatibility++;
    if (defaultPartitioner(message, key) % PARTITIONS === expected) fallback++;
  }
  return { compatibility, default: fallback };
}

// ---- measurement helpers ------------------------------------------------------------------------

interface EdgeResult {
  rate: number;
  p50: number;
  p99: number;
}

/** CALLERS concurrent callers, each awaiting its own single-record publish before the next. */
async function edgeProduce(count: number, publish: (record: BenchRecord) => Promise<void>): Promise<EdgeResult> {
  const latencies = new Float64Array(count);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      for (let i = caller; i < count; i += CALLERS) {
        const record = records[i];
        if (!record) continue;
        const t0 = performance.now();
        await publish(record);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  const at = (q: number) => latencies[Math.min(count - 1, Math.floor(q * count))] ?? Number.NaN;
  return { rate: count / seconds, p50: at(0.5), p99: at(0.99) };
}

async function bulkProduce(send: (batch: BenchRecord[]) => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < RECORDS; i += BULK_BATCH) await send(records.slice(i, i + BULK_BATCH));
  return RECORDS / ((performance.now() - started) / 1000);
}

interface ConsumeResult {
  rate: number;
  joinMs: number;
  commits: number;
  committed: bigint;
  check: string;
}

interface SlowResult {
  /** Group state and whether our member was in it, at each probe time. */
  probes: string[];
  commit: string;
  joins: number;
  notes: string[];
}

function slowVerdict(result: SlowResult): string {
  const evicted = result.commit !== "ok" || result.joins > 1 || result.probes.some((p) => p.includes("absent"));
  const probes = result.probes.map((p, i) => `+${(PROBES_MS[i] ?? 0) / 1000} s ${p}`).join(", ");
  const notes = result.notes.length > 0 ? `; ${[...new Set(result.notes)].join("; ")}` : "";
  return `**${evicted ? "yes" : "no"}** (${probes}; commit after: ${result.commit}; joins: ${result.joins}${notes})`;
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Runs `probe` at each PROBES_MS offset from now; resolves with what it returned. */
function probeLater(probe: () => Promise<string>): Promise<string[]> {
  return Promise.all(
    PROBES_MS.map((ms) => sleep(ms).then(() => probe().catch((error: unknown) => `probe failed: ${errorText(error)}`))),
  );
}

// ---- kafkajs ------------------------------------------------------------------------------------

/** A kafkajs client whose error log lines are kept (eviction shows up there). */
function kafkajsClient(name: string): { kafka: Kafka; log: string[] } {
  const log: string[] = [];
  const kafka = new kafkajs.Kafka({
    clientId: `${run}-kjs-${name}`,
    brokers: [BROKER],
    retry: { retries: 10, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        if (level <= kafkajs.logLevel.ERROR) log.push(`${entry.message}${entry.error ? `: ${entry.error}` : ""}`);
      },
  });
  return { kafka, log };
}

const { kafka } = kafkajsClient("main");
const kafkajsAdmin = kafka.admin();

async function kafkajsCreateTopics(topics: string[]): Promise<void> {
  await kafkajsAdmin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })),
  });
}

async function kafkajsProduce(edgeTopic: string, bulkTopic: string): Promise<{ edge: EdgeResult; bulk: number }> {
  // As in kafka-event-bus.ts.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
  });
  await producer.connect();
  try {
    const outgoing = createGroupCommit<BenchRecord>(async (messages) => {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: edgeTopic, messages }] });
    });
    const edge = await edgeProduce(RECORDS, (record) => outgoing.submit([record]));
    const bulk = await bulkProduce(async (messages) => {
      await producer.send({ topic: bulkTopic, acks: -1, messages });
    });
    return { edge, bulk };
  } finally {
    await producer.disconnect();
  }
}

async function kafkajsConsume(topic: string, groupId: string): Promise<ConsumeResult> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const check = new ConsumedCheck();
  const finished = deferred<void>();
  let commits = 0;
  let firstAt = 0;
  let startedAt = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    startedAt = performance.now();
    // As in kafka-event-bus.ts, with a handler that only checks the record.
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) {
          check.see(message.value ?? undefined, batch.partition);
          await heartbeat();
        }
        const last = batch.lastOffset();
        resolveOffset(last);
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
        commits++;
        if (check.count >= RECORDS) finished.resolve();
      },
    });
    await finished.promise;
  } finally {
    await consumer.disconnect();
  }
  const offsets = await kafkajsAdmin.fetchOffsets({ groupId, topics: [topic] });
  return {
    rate: check.count / ((performance.now() - firstAt) / 1000),
    joinMs: firstAt - startedAt,
    commits,
    committed: offsets.flatMap((t) => t.partitions).reduce((sum, p) => sum + BigInt(p.offset), 0n),
    check: check.summary(RECORDS),
  };
}

async function kafkajsSlowHandler(topic: string, groupId: string, heartbeatTimer: boolean): Promise<SlowResult> {
  const client = kafkajsClient(heartbeatTimer ? "slow-hb" : "slow");
  const consumer = client.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
  });
  const result: SlowResult = { probes: [], commit: "not reached", joins: 0, notes: [] };
  consumer.on(consumer.events.GROUP_JOIN, () => {
    result.joins++;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    result.notes.push(`crash: ${errorText(payload.error)}`);
  });
  const done = deferred<void>();
  let blocked = false;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (blocked) return;
        blocked = true;
        const memberId = await kafkajsMemberId(consumer);
        const probes = probeLater(async () => {
          const { groups } = await kafkajsAdmin.describeGroups([groupId]);
          const group = groups[0];
          const present = group?.members.some((m) => m.memberId === memberId) ?? false;
          return `${group?.state ?? "?"}/${present ? "present" : "absent"}`;
        });
        const timer = heartbeatTimer
          ? setInterval(() => {
              heartbeat().catch((error: unknown) => result.notes.push(`heartbeat(): ${errorText(error)}`));
            }, HEARTBEAT_INTERVAL_MS)
          : undefined;
        await sleep(SLOW_BATCH_MS);
        clearInterval(timer);
        result.probes = await probes;
        try {
          const last = batch.lastOffset();
          resolveOffset(last);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
          ]);
          result.commit = "ok";
        } catch (error) {
          result.commit = errorText(error);
        }
        done.resolve();
      },
    });
    await done.promise;
    await sleep(1_000);
  } finally {
    await consumer.disconnect();
  }
  const unknownMember = client.log.filter((line) => line.includes("not aware of this member")).length;
  if (unknownMember > 0)
    result.notes.push(`${unknownMember} error log lines "coordinator is not aware of this member"`);
  return result;
}

async function kafkajsMemberId(consumer: KafkajsConsumer): Promise<string> {
  const { members } = await consumer.describeGroup();
  return members[0]?.memberId ?? "?";
}

// ---- @platformatic/kafka ------------------------------------------------------------------------

const pltBase = { bootstrapBrokers: [BROKER] };
const pltAdmin = new Admin({ ...pltBase, clientId: `${run}-plt-admin` });

async function pltCreateTopics(topics: string[]): Promise<void> {
  await pltAdmin.createTopics({ topics, partitions: PARTITIONS, replicas: 1 });
  for (let attempt = 0; ; attempt++) {
    const metadata = await pltAdmin.metadata({ topics, forceUpdate: true });
    const ready = topics.every((t) => {
      const partitions = metadata.topics.get(t)?.partitions ?? [];
      return partitions.length === PARTITIONS && partitions.every((p) => p.leader >= 0);
    });
    if (ready) return;
    if (attempt > 50) throw new Error(`topics ${topics.join(",")} have no leaders`);
    await sleep(100);
  }
}

function pltProducer(name: string): Producer<Buffer, Buffer, Buffer, Buffer> {
  return new Producer({
    ...pltBase,
    clientId: `${run}-plt-${name}`,
    idempotent: true,
    acks: ProduceAcks.ALL,
    // Same key → partition mapping as kafkajs and the Java client; the default one differs.
    partitioner: compatibilityPartitioner,
    autocreateTopics: false,
  });
}

interface PltProduceResult {
  stream: EdgeResult;
  groupCommit: EdgeResult;
  unbatched: EdgeResult;
  bulk: number;
}

async function pltProduce(topics: {
  stream: string;
  groupCommit: string;
  unbatched: string;
  bulk: string;
}): Promise<PltProduceResult> {
  const producer = pltProducer("producer");
  const result: Partial<PltProduceResult> = {};
  try {
    // Native batching: a writable stream that flushes up to batchSize records per request, one
    // request at a time, after lingering batchTime ms; per-record delivery reports in MESSAGE mode.
    const stream = producer.asStream({
      batchSize: BULK_BATCH,
      batchTime: 0,
      highWaterMark: BULK_BATCH,
      reportMode: ProducerStreamReportModes.MESSAGE,
    });
    const waiting = new Map<MessageToProduce<Buffer, Buffer, Buffer, Buffer>, () => void>();
    stream.on("delivery-report", (report: ProducerStreamMessageReport<Buffer, Buffer, Buffer, Buffer>) => {
      waiting.get(report.message)?.();
      waiting.delete(report.message);
    });
    let streamError: unknown;
    stream.on("error", (error) => {
      streamError = error;
    });
    result.stream = await edgeProduce(RECORDS, (record) => {
      if (streamError) return Promise.reject(streamError);
      return new Promise<void>((resolve) => {
        const message = { topic: topics.stream, key: record.key, value: record.value };
        waiting.set(message, resolve);
        stream.write(message);
      });
    });
    await stream.close();

    const outgoing = createGroupCommit<BenchRecord>(async (batch) => {
      await producer.send({ messages: batch.map((r) => ({ topic: topics.groupCommit, key: r.key, value: r.value })) });
    });
    result.groupCommit = await edgeProduce(RECORDS, (record) => outgoing.submit([record]));

    result.unbatched = await edgeProduce(UNBATCHED_RECORDS, async (record) => {
      await producer.send({ messages: [{ topic: topics.unbatched, key: record.key, value: record.value }] });
    });

    result.bulk = await bulkProduce(async (batch) => {
      await producer.send({ messages: batch.map((r) => ({ topic: topics.bulk, key: r.key, value: r.value })) });
    });
    return result as PltProduceResult;
  } finally {
    await producer.close(true);
  }
}

function pltConsumer(groupId: string, extra: { sessionTimeout?: number; heartbeatInterval?: number } = {}) {
  return new Consumer({
    ...pltBase,
    clientId: `${run}-plt-consumer`,
    groupId,
    autocommit: false,
    // kafkajs' fetch defaults (its own are 50 MB for both), so "a batch" is comparable.
    maxBytes: 10_485_760,
    maxBytesPerPartition: 1_048_576,
    maxWaitTime: 1_000,
    ...extra,
  });
}

async function pltCommitted(groupId: string): Promise<bigint> {
  const groups = await pltAdmin.listConsumerGroupOffsets({ groups: [groupId] });
  return groups
    .flatMap((g) => g.topics.flatMap((t) => t.partitions))
    .reduce((sum, p) => sum + (p.committedOffset > 0n ? p.committedOffset : 0n), 0n);
}

async function pltConsume(topic: string, groupId: string): Promise<ConsumeResult> {
  const consumer = pltConsumer(groupId);
  const check = new ConsumedCheck();
  let commits = 0;
  try {
    const startedAt = performance.now();
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      autocommit: false,
    });
    let firstAt = 0;
    // The stream interleaves partitions one record at a time; a "batch" here is what the stream
    // had buffered (one fetch), committed as the last record of each partition in it.
    const lastOfPartition = new Map<number, Message<Buffer, Buffer, Buffer, Buffer>>();
    for await (const message of stream) {
      if (firstAt === 0) firstAt = performance.now();
      check.see(message.value, message.partition);
      lastOfPartition.set(message.partition, message);
      if (stream.readableLength === 0 || check.count >= RECORDS) {
        await Promise.all([...lastOfPartition.values()].map((m) => m.commit()));
        lastOfPartition.clear();
        commits++;
      }
      if (check.count >= RECORDS) break;
    }
    const seconds = (performance.now() - firstAt) / 1000;
    return {
      rate: check.count / seconds,
      joinMs: firstAt - startedAt,
      commits,
      committed: await pltCommitted(groupId),
      check: check.summary(RECORDS),
    };
  } finally {
    await consumer.close(true);
  }
}

async function pltSlowHandler(topic: string, groupId: string): Promise<SlowResult> {
  const consumer = pltConsumer(groupId, {
    sessionTimeout: SESSION_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
  });
  const result: SlowResult = { probes: [], commit: "not reached", joins: 0, notes: [] };
  consumer.on("consumer:group:join", () => {
    result.joins++;
  });
  consumer.on("consumer:group:rebalance", () => result.notes.push("rebalance event"));
  consumer.on("consumer:heartbeat:error", ({ error }) => result.notes.push(`heartbeat error: ${errorText(error)}`));
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      autocommit: false,
    });
    let leaving = false; // breaking out of the loop below destroys the stream with an AbortError
    stream.on("error", (error) => {
      if (!leaving) result.notes.push(`stream error: ${errorText(error)}`);
    });
    for await (const message of stream) {
      const memberId = consumer.memberId;
      const probes = probeLater(async () => {
        const group = (await pltAdmin.describeGroups({ groups: [groupId] })).get(groupId);
        const present = memberId !== null && (group?.members.has(memberId) ?? false);
        return `${group?.state ?? "?"}/${present ? "present" : "absent"}`;
      });
      await sleep(SLOW_BATCH_MS);
      result.probes = await probes;
      try {
        await message.commit();
        result.commit = "ok";
      } catch (error) {
        result.commit = errorText(error);
      }
      leaving = true;
      break;
    }
  } finally {
    await consumer.close(true);
  }
  return result;
}

// ---- run ----------------------------------------------------------------------------------------

const versions = { kafkajs: packageVersion("kafkajs"), platformatic: packageVersion("@platformatic/kafka") };
const topics = {
  kafkajs: { edge: topicName("kjs-edge"), bulk: topicName("kjs-bulk") },
  plt: {
    stream: topicName("plt-edge-stream"),
    groupCommit: topicName("plt-edge-gc"),
    unbatched: topicName("plt-edge-single"),
    bulk: topicName("plt-bulk"),
  },
};
const groups = {
  kafkajsConsume: `${run}-kjs-consume`,
  kafkajsSlow: `${run}-kjs-slow`,
  kafkajsSlowHeartbeat: `${run}-kjs-slow-hb`,
  pltConsume: `${run}-plt-consume`,
  pltSlow: `${run}-plt-slow`,
};

/** Whether each topic holds exactly the records sent to it: a retry that duplicated would show. */
async function writtenCheck(...expected: [topic: string, records: number][]): Promise<string> {
  const wrong: string[] = [];
  for (const [topic, records] of expected) {
    const offsets = await kafkajsAdmin.fetchTopicOffsets(topic);
    const written = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    if (written !== records) wrong.push(`${topic.slice(run.length + 1)} ${written}/${records}`);
  }
  return wrong.length === 0 ? "exact" : wrong.join(", ");
}

/** Runs one scenario; a failure becomes the table cell instead of ending the run. */
async function attempt<T>(label: string, work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    console.error(`${label} failed:`, error);
    return `failed: ${errorText(error)}`;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));
const rate = (r: EdgeResult) => fmt(r.rate);
const latency = (r: EdgeResult) => `${ms(r.p50)} / ${ms(r.p99)}`;
const cell = <T>(r: T | string, show: (value: T) => string) => (typeof r === "string" ? r : show(r));

console.error(
  `${run}: broker ${BROKER}, ${RECORDS} records, kafkajs ${versions.kafkajs}, @platformatic/kafka ${versions.platformatic}`,
);
await kafkajsAdmin.connect();
try {
  const [brokerConfig] = await pltAdmin.describeConfigs({
    resources: [{ resourceType: 4, resourceName: "1", configurationKeys: ["group.min.session.timeout.ms"] }],
  });
  const minSession = brokerConfig?.configs[0]?.value ?? "?";
  await kafkajsCreateTopics(Object.values(topics.kafkajs));
  await pltCreateTopics(Object.values(topics.plt));

  console.error("1. produce");
  const kjsProduce = await attempt("kafkajs produce", () => kafkajsProduce(topics.kafkajs.edge, topics.kafkajs.bulk));
  const pltProduced = await attempt("platformatic produce", () => pltProduce(topics.plt));
  const kjsWritten = await attempt("kafkajs written", () =>
    writtenCheck([topics.kafkajs.edge, RECORDS], [topics.kafkajs.bulk, RECORDS]),
  );
  const pltWritten = await attempt("platformatic written", () =>
    writtenCheck(
      [topics.plt.stream, RECORDS],
      [topics.plt.groupCommit, RECORDS],
      [topics.plt.unbatched, UNBATCHED_RECORDS],
      [topics.plt.bulk, RECORDS],
    ),
  );
  console.error("2. consume");
  const kjsConsumed = await attempt("kafkajs consume", () =>
    kafkajsConsume(topics.kafkajs.edge, groups.kafkajsConsume),
  );
  const pltConsumed = await attempt("platformatic consume", () => pltConsume(topics.plt.stream, groups.pltConsume));
  console.error(
    `3. slow handler (${SLOW_BATCH_MS / 1000} s, session ${SESSION_TIMEOUT_MS / 1000} s), three groups at once`,
  );
  const [kjsSlow, kjsSlowHeartbeat, pltSlow] = await Promise.all([
    attempt("kafkajs slow", () => kafkajsSlowHandler(topics.kafkajs.edge, groups.kafkajsSlow, false)),
    attempt("kafkajs slow + heartbeat", () =>
      kafkajsSlowHandler(topics.kafkajs.bulk, groups.kafkajsSlowHeartbeat, true),
    ),
    attempt("platformatic slow", () => pltSlowHandler(topics.plt.stream, groups.pltSlow)),
  ]);
  const agreement = partitionerAgreement();
  const consumeDetail = (r: ConsumeResult) =>
    `join→first record ${fmt(r.joinMs)} ms; ${fmt(r.commits)} commits; committed ${r.committed}; check: ${r.check}`;

  const rows: [string, string, string][] = [
    [
      `1a edge: ${CALLERS} callers, one record each, records/s`,
      cell(kjsProduce, (r) => `${rate(r.edge)} (our group commit)`),
      cell(pltProduced, (r) => `${rate(r.stream)} (asStream, batchTime 0)`),
    ],
    [
      "1a ack latency p50 / p99, ms",
      cell(kjsProduce, (r) => latency(r.edge)),
      cell(pltProduced, (r) => latency(r.stream)),
    ],
    [
      "1a edge via our group commit: records/s; p50 / p99 ms",
      "(row above)",
      cell(pltProduced, (r) => `${rate(r.groupCommit)}; ${latency(r.groupCommit)}`),
    ],
    [
      `1a edge, plain send() per call (${fmt(UNBATCHED_RECORDS)} records): records/s; p50 / p99 ms`,
      "—",
      cell(pltProduced, (r) => `${rate(r.unbatched)}; ${latency(r.unbatched)}`),
    ],
    [
      `1b bulk: batches of ${fmt(BULK_BATCH)}, sequential, records/s`,
      cell(kjsProduce, (r) => fmt(r.bulk)),
      cell(pltProduced, (r) => fmt(r.bulk)),
    ],
    ["1 records in each topic (high watermarks) = records sent", cell(kjsWritten, String), cell(pltWritten, String)],
    [
      "2 consume from the beginning, commit per batch, records/s",
      cell(kjsConsumed, (r) => fmt(r.rate)),
      cell(pltConsumed, (r) => fmt(r.rate)),
    ],
    ["2 details", cell(kjsConsumed, consumeDetail), cell(pltConsumed, consumeDetail)],
    [
      `3 handler awaits ${SLOW_BATCH_MS / 1000} s on one batch: evicted?`,
      cell(kjsSlow, slowVerdict),
      cell(pltSlow, slowVerdict),
    ],
    [
      `3 same, heartbeat() every ${HEARTBEAT_INTERVAL_MS / 1000} s meanwhile: evicted?`,
      cell(kjsSlowHeartbeat, slowVerdict),
      "— (heartbeats run on their own timer)",
    ],
    [
      "key → partition as kafkajs / Java client",
      "DefaultPartitioner",
      `compatibilityPartitioner ${agreement.compatibility}/${KEYS} keys, defaultPartitioner ${agreement.default}/${KEYS}`,
    ],
    ["broker group.min.session.timeout.ms", minSession, minSession],
  ];
  console.log(`\n| ${run} | kafkajs ${versions.kafkajs} | @platformatic/kafka ${versions.platformatic} |`);
  console.log("| --- | --- | --- |");
  for (const [label, a, b] of rows) console.log(`| ${label} | ${a} | ${b} |`);
} finally {
  await kafkajsAdmin
    .deleteGroups(Object.values(groups))
    .catch((error: unknown) => console.error("delete groups:", error));
  await kafkajsAdmin
    .deleteTopics({ topics: [...Object.values(topics.kafkajs), ...Object.values(topics.plt)] })
    .catch((error: unknown) => console.error("delete topics:", error));
  await kafkajsAdmin.disconnect();
  await pltAdmin.close();
}
