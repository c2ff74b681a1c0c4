// Kafka adapter of the EventBus port (kafkajs). Producer: idempotent, acks=all, one request in
// flight, so a retried send neither duplicates nor reorders. Consumers: offsets are committed only
// after the handler for every record up to them succeeded or the record was dead-lettered; a crash
// before the commit means redelivery, which handlers absorb by being idempotent.
import { metrics, SpanKind } from "@opentelemetry/api";
import { deadLetterTopic } from "@switchboard/proto";
import kafkajs, { type Admin, type Consumer, type ConsumerRunConfig, type IHeaders, type Producer } from "kafkajs";
import type { Logger } from "pino";
import { withTimeout } from "../async/with-timeout.ts";
import { ORIGIN_HEADER, signEventOrigin } from "../security/event-origin.ts";
import type { KafkaSecurity } from "../security/kafka-security.ts";
import type { KeyRing } from "../security/key-ring.ts";
import { dispatchProvenRecords } from "../security/origin-gate.ts";
import { traceHeaders, withSpan } from "../telemetry/tracing.ts";
import { superviseConsumer } from "./consumer-supervisor.ts";
import { dispatchRecords, type RecordsDispatchOptions } from "./dispatch-records.ts";
import { encodeEnvelope } from "./envelope.ts";
import type { EventBus, OutgoingEvent, PublishOptions, Subscription, SubscriptionHandle } from "./event-bus.ts";
import type { ConsumedRecord, DeadLetter } from "./event-dispatcher.ts";
import { createGroupCommit } from "./group-commit.ts";
import { createKafkaDeadLetters } from "./kafka-dead-letters.ts";
import { kafkaLogCreator } from "./kafka-log.ts";
import { createTopicReady } from "./kafka-topics.ts";
import { checkRecordSizes, DEFAULT_MAX_MESSAGE_BYTES } from "./record-size.ts";
import { recordBytes, splitByBytes } from "./split-by-bytes.ts";
import { DispatchAbandoned } from "./transient-error.ts";

export interface KafkaEventBusOptions {
  brokers: readonly string[];
  clientId: string;
  /** CloudEvents `source` of events this process publishes, e.g. `/switchboard/ingress`. */
  source: string;
  topicPrefix: string;
  partitions: number;
  /**
   * Signs every published event's origin (security/event-origin.ts) and refuses consumed records
   * of handled types whose origin is not proven: they are dead-lettered, never handled. Services
   * always pass it (service-runtime.ts); only tools and benchmarks leave it out.
   */
  origin?: KeyRing;
  /** TLS and SASL of the Kafka client (KAFKA_SSL_*, KAFKA_SASL_*); plaintext and anonymous without. */
  security?: KafkaSecurity;
  /** Create missing topics (KAFKA_CREATE_TOPICS; dev and tests). When false, a missing topic fails. */
  createTopics?: boolean;
  logger: Logger;
  /** Largest serialized record accepted (KAFKA_MAX_MESSAGE_BYTES); larger ones fail their publish alone. */
  maxMessageBytes?: number;
  /** Session timeout of every consumer group member unless its subscription sets one (default 30 s). */
  sessionTimeoutMs?: number;
  /** Records / bytes waiting for the producer beyond which a publish is refused at once. */
  maxQueuedRecords?: number;
  maxQueuedBytes?: number;
}

/** Below kafkajs' default 3 s heartbeat interval, which throttles the actual requests. */
const HEARTBEAT_EVERY_MS = 1_000;

/** Fetch linger: what a fetch waits for, and for how long at most (the latency it may add). */
const FETCH_MIN_BYTES = 256 * 1024;
const FETCH_MAX_WAIT_MS = 250;

/** Below Kafka's default 1 MiB request limit, leaving room for the request's own framing. */
const MAX_REQUEST_BYTES = 900_000;

/** How long a readiness probe waits for the cluster's metadata. */
const READY_TIMEOUT_MS = 2_000;

const meter = () => metrics.getMeter("switchboard.kit");

export async function createKafkaEventBus(options: KafkaEventBusOptions): Promise<EventBus> {
  const kafka = new kafkajs.Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logCreator: kafkaLogCreator(options.logger),
    ...options.security,
    retry: { retries: 10, initialRetryTime: 200 },
  });
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    // An idempotent producer must not give up early (kafkajs warns that it would break
    // exactly-once); callers bound how long they wait instead.
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
  });
  const admin: Admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);

  const physical = (topic: string) => `${options.topicPrefix}${topic}`;
  const ensured = new Map<string, Promise<void>>();
  const ensureTopics = (topics: readonly string[]) =>
    Promise.all(
      topics.map((topic) => {
        let pending = ensured.get(topic);
        if (!pending) {
          pending = createTopicReady(admin, physical(topic), options.partitions, options.createTopics ?? true);
          pending.catch(() => ensured.delete(topic));
          ensured.set(topic, pending);
        }
        return pending;
      }),
    );

  const published = meter().createCounter("switchboard.events.published");
  const consumed = meter().createCounter("switchboard.events.consumed");
  const deadLettered = meter().createCounter("switchboard.events.dead_lettered", {
    description: "Events parked on a dead-letter topic, by the topic they came from",
  });
  // Lag as of each partition's last fetch (high watermark minus the batch's last offset): cheap,
  // and what the lag alert and the KEDA trigger look at from the broker's side anyway.
  const lag = new Map<string, { attributes: Record<string, string>; value: number }>();
  meter()
    .createObservableGauge("switchboard.consumer.lag", { description: "Records behind the partition's end" })
    .addCallback((result) => {
      for (const { attributes, value } of lag.values()) result.observe(value, attributes);
    });
  const subscriptions = new Set<SubscriptionHandle & { crashed(): boolean }>();

  // One request in flight (idempotence), so concurrent publishers share requests.
  const outgoing = createGroupCommit<{ topic: string; message: { key: string; value: Buffer; headers: IHeaders } }>(
    async (records) => {
      // Kafka refuses a produce request over its size limit (1 MiB by default) whole, so large
      // groups leave as several requests, in order.
      for (const request of splitByBytes(records, MAX_REQUEST_BYTES)) {
        const byTopic = new Map<string, { key: string; value: Buffer; headers: IHeaders }[]>();
        for (const { topic, message } of request) {
          const list = byTopic.get(topic);
          if (list) list.push(message);
          else byTopic.set(topic, [message]);
        }
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      }
    },
    {
      maxQueuedItems: options.maxQueuedRecords ?? 20_000,
      maxQueuedBytes: options.maxQueuedBytes ?? 64 * 1024 * 1024,
      sizeOf: (record) => recordBytes(record.message),
    },
  );

  async function sendRaw(topic: string, messages: { key: string; value: Buffer; headers: IHeaders }[]) {
    await producer.send({ topic: physical(topic), acks: -1, messages });
  }

  const bus: EventBus = {
    dlq: createKafkaDeadLetters({ kafka, admin, producer, topicPrefix: options.topicPrefix }),

    async publish(events: readonly OutgoingEvent[], publishOptions: PublishOptions = {}) {
      if (events.length === 0) return;
      const topics = [...new Set(events.map((e) => e.definition.topic))];
      await ensureTopics(topics);
      await withSpan(
        `send ${topics.join(",")}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: { "messaging.system": "kafka", "messaging.batch.message_count": events.length },
        },
        async () => {
          const active = traceHeaders();
          const records = events.map((e) => ({
            topic: physical(e.definition.topic),
            message: {
              key: e.key,
              value: Buffer.from(e.definition.codec.encode(e.data).finish()),
              headers: encodeEnvelope(
                {
                  type: e.definition.type,
                  source: options.source,
                  tenantId: e.tenantId,
                  ...(e.id === undefined ? {} : { id: e.id }),
                  ...(e.time === undefined ? {} : { time: e.time }),
                  ...(e.definition.codec.contentType === undefined
                    ? {}
                    : { contentType: e.definition.codec.contentType }),
                },
                e.traceHeaders ?? active,
              ),
            },
          }));
          // Refused before queueing: a record over the broker's limit would fail the request it rides in.
          const { origin } = options;
          if (origin)
            for (const { message } of records) message.headers[ORIGIN_HEADER] = signEventOrigin(origin, message);
          checkRecordSizes(records, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
          await outgoing.submit(records, publishOptions);
        },
      );
      for (const e of events) published.add(1, { "cloudevents.event_type": e.definition.type });
    },

    async subscribe(subscription: Subscription) {
      const topics = subscription.handlers.topics();
      await ensureTopics([...topics, ...topics.map(deadLetterTopic)]);
      const sessionTimeout = subscription.sessionTimeoutMs ?? options.sessionTimeoutMs;
      const consumer: Consumer = kafka.consumer({
        // Groups belong to the deployment like its topics: two deployments (or test runs) sharing
        // a cluster must not join each other's groups and rebalance each other.
        groupId: physical(subscription.groupId),
        allowAutoTopicCreation: false,
        ...(sessionTimeout === undefined ? {} : { sessionTimeout }),
        // The consumer's linger: a fetch waits (at most FETCH_MAX_WAIT_MS) until some data has
        // accumulated, so a steady trickle arrives as batches worth a store round trip instead of
        // a handful of records each, which would cost the same round trips for far less work.
        minBytes: FETCH_MIN_BYTES,
        maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      });
      let joins = 0;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        joins++;
        if (joins > 1) options.logger.warn({ groupId: subscription.groupId, joins }, "consumer rejoined its group");
      });
      const logicalOf = new Map(topics.map((t) => [physical(t), t]));

      const deadLetter = async ({ record, error, attempts }: DeadLetter) => {
        const logical = logicalOf.get(record.topic) ?? record.topic;
        deadLettered.add(1, { topic: logical, group: subscription.groupId });
        await sendRaw(deadLetterTopic(logical), [
          {
            key: record.key,
            value: Buffer.from(record.value),
            headers: {
              ...record.headers,
              "x-dead-letter-error": error.slice(0, 2000),
              "x-dead-letter-attempts": String(attempts),
              "x-dead-letter-source": `${record.topic}/${record.partition}/${record.offset}`,
              "x-dead-letter-group": subscription.groupId,
            },
          },
        ]);
      };

      // Records of handled types without a genuine proof of origin are parked, never handled.
      const dispatchChunk = (chunk: ConsumedRecord[], dispatchOptions: RecordsDispatchOptions) => {
        const { origin } = options;
        if (!origin) return dispatchRecords(chunk, dispatchOptions);
        return dispatchProvenRecords(chunk, {
          keys: origin,
          handles: (type) => subscription.handlers.get(type) !== undefined,
          dispatch: (run) => dispatchRecords(run, dispatchOptions),
          reject: async (record, problem) => {
            const { topic, partition, offset } = record;
            options.logger.warn({ topic, partition, offset, type: record.headers.ce_type, problem }, "event refused");
            await deadLetter({ record, error: problem, attempts: 0 });
            consumed.add(1, { outcome: "dead-lettered" });
          },
        });
      };
      const chunkSize = subscription.maxBatchRecords ?? 1_000;
      const runConfig: ConsumerRunConfig = {
        autoCommit: false,
        // Partitions are independent; within one, dispatchRecords keeps each key's order. All of a
        // topic's partitions at once by default: while one partition's batch waits on the store,
        // another's is decoded and planned (the conversation bench stored 16–20 % more messages/s
        // with 6 than with 3, docs/decisions.md).
        partitionsConsumedConcurrently: subscription.partitionConcurrency ?? options.partitions,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          // kafkajs heartbeats only when asked: keep asking while a chunk is being handled, so a
          // slow store never outlives the session and gets this member evicted.
          let heartbeatError: unknown;
          const beat = setInterval(() => {
            heartbeat().catch((error: unknown) => {
              heartbeatError ??= error;
            });
          }, HEARTBEAT_EVERY_MS);
          lag.set(`${subscription.groupId}/${batch.topic}/${batch.partition}`, {
            attributes: {
              group: subscription.groupId,
              topic: logicalOf.get(batch.topic) ?? batch.topic,
              partition: String(batch.partition),
            },
            value: Number(batch.offsetLag()),
          });
          try {
            const records = batch.messages.map((message) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              key: message.key?.toString() ?? "",
              value: message.value ?? Buffer.alloc(0),
              headers: headersToStrings(message.headers),
            }));
            const shouldContinue = () => isRunning() && !isStale() && heartbeatError === undefined;
            // kafkajs sends a heartbeat only when none succeeded within its interval (3 s), so a
            // resolved heartbeat() means the coordinator confirmed this member that recently.
            const fence = async () => {
              if (!shouldContinue()) throw new DispatchAbandoned("this consumer no longer owns the partition");
              try {
                await heartbeat();
              } catch (error) {
                heartbeatError ??= error;
                throw new DispatchAbandoned("this consumer no longer owns the partition", { cause: error });
              }
            };
            // Chunks bound the work between commits (and so what a crash redelivers).
            for (let start = 0; start < records.length && shouldContinue(); start += chunkSize) {
              const lastDone = await dispatchChunk(records.slice(start, start + chunkSize), {
                handlers: subscription.handlers,
                maxAttempts: subscription.maxAttempts ?? 5,
                retryBackoffMs: subscription.retryBackoffMs ?? 200,
                logicalTopic: logicalOf.get(batch.topic) ?? batch.topic,
                deadLetter,
                logger: options.logger,
                keyConcurrency: subscription.keyConcurrency ?? 16,
                shouldContinue,
                context: { fence },
                onOutcome: (outcome) => consumed.add(1, { outcome }),
              });
              if (lastDone === undefined) break;
              resolveOffset(lastDone);
              await consumer.commitOffsets([
                { topic: batch.topic, partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() },
              ]);
              await heartbeat();
            }
          } finally {
            clearInterval(beat);
          }
          // A failed heartbeat (rebalance) goes to kafkajs, which rejoins the group.
          if (heartbeatError !== undefined) throw heartbeatError;
        },
      };
      // Also what the supervisor runs again after a crash kafkajs does not restart itself.
      const start = async () => {
        await consumer.connect();
        await consumer.subscribe({ topics: topics.map(physical), fromBeginning: subscription.fromBeginning ?? true });
        await consumer.run(runConfig);
      };
      const supervisor = superviseConsumer(consumer, start, { logger: options.logger, groupId: subscription.groupId });
      await start();

      const handle: SubscriptionHandle & { crashed(): boolean } = {
        crashed: supervisor.crashed,
        async stop() {
          supervisor.stop();
          subscriptions.delete(handle);
          for (const key of lag.keys()) if (key.startsWith(`${subscription.groupId}/`)) lag.delete(key);
          await consumer.disconnect();
        },
      };
      subscriptions.add(handle);
      return handle;
    },

    async ready() {
      if ([...subscriptions].some((s) => s.crashed())) return false;
      // The cluster answers metadata: the producer and consumers can reach a broker.
      return withTimeout(admin.describeCluster(), READY_TIMEOUT_MS, "Kafka cluster metadata").then(
        (cluster) => cluster.brokers.length > 0,
        () => false,
      );
    },

    async close() {
      await Promise.allSettled([...subscriptions].map((s) => s.stop()));
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
  return bus;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
