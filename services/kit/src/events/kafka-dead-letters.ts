// The operator's view of the Kafka dead-letter topics (`<topic>.dlq`) and the way back out of them:
// how many records each holds and how many still wait for a replay, a peek at the waiting ones,
// and a replay that re-publishes them to their source topic. A replay reads a DLQ with its own
// consumer group (`dlq-replay.<topic>`) and commits only what it re-published and Kafka
// acknowledged, so it can be run again after a crash and re-publishes nothing twice that it had
// committed; the DLQ keeps every record (retention.ms=-1), replayed or not, for the audit trail.
import type { Admin, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import { AppError } from "../errors/app-error.ts";
import type { DeadLetterReport, DeadLetters, ParkedRecord } from "./dead-letters.ts";

const DLQ_SUFFIX = ".dlq";
const REPLAY_IDLE_MS = 10_000;

export function createKafkaDeadLetters(deps: {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  topicPrefix: string;
}): DeadLetters {
  const { kafka, admin, producer, topicPrefix } = deps;
  const physical = (topic: string) => `${topicPrefix}${topic}`;
  const replayGroup = (topic: string) => physical(`dlq-replay.${topic}`);

  const dlqTopics = async () =>
    (await admin.listTopics())
      .filter((name) => name.startsWith(topicPrefix) && name.endsWith(DLQ_SUFFIX))
      .map((name) => name.slice(topicPrefix.length))
      .sort();

  /** Per partition: the first offset not yet replayed, and the end. */
  const positions = async (topic: string) => {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(physical(topic)),
      admin.fetchOffsets({ groupId: replayGroup(topic), topics: [physical(topic)] }),
    ]);
    const done = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    return ends.map((p) => {
      const low = BigInt(p.low);
      const high = BigInt(p.high);
      const replayedTo = done.get(p.partition) ?? -1n;
      return { partition: p.partition, low, high, from: replayedTo > low ? replayedTo : low };
    });
  };

  const requireDlq = async (topic: string) => {
    if (!topic.endsWith(DLQ_SUFFIX) || !(await dlqTopics()).includes(topic)) {
      throw new AppError("not_found", `no dead-letter topic ${topic}`);
    }
  };

  /** Reads the waiting records of `topic` (every partition, up to its end as of now) with `group`. */
  const readWaiting = async (
    topic: string,
    group: string,
    onRecord: (
      parked: ParkedRecord,
      raw: { key: Buffer | null; value: Buffer | null; headers: IHeaders },
    ) => Promise<boolean>,
    commit: boolean,
  ) => {
    const start = await positions(topic);
    const remaining = new Map(start.filter((p) => p.high > p.from).map((p) => [p.partition, p.high]));
    const firstOf = new Map(start.map((p) => [p.partition, p.from]));
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [physical(topic)], fromBeginning: true });
      let settle: () => void = () => {};
      let fail: (error: unknown) => void = () => {};
      const finished = new Promise<void>((resolve, reject) => {
        settle = resolve;
        fail = reject;
      });
      let idle = setTimeout(() => fail(new Error(`no progress reading ${topic}`)), REPLAY_IDLE_MS);
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          const offset = BigInt(message.offset);
          // Past the end as of the start (parked meanwhile), or replayed already (a peek's own group).
          if (end === undefined || offset >= end || offset < (firstOf.get(partition) ?? 0n)) return;
          clearTimeout(idle);
          idle = setTimeout(() => fail(new Error(`no progress reading ${topic}`)), REPLAY_IDLE_MS);
          const more = await onRecord(parkedOf(topic, partition, message), {
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
          if (commit) {
            const next = (BigInt(message.offset) + 1n).toString();
            await consumer.commitOffsets([{ topic: physical(topic), partition, offset: next }]);
          }
          if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (!more || remaining.size === 0) settle();
        },
      });
      await finished.finally(() => clearTimeout(idle));
    } finally {
      await consumer.disconnect();
    }
  };

  return {
    async report() {
      const reports: DeadLetterReport[] = [];
      for (const topic of await dlqTopics()) {
        const parts = await positions(topic);
        const sum = (f: (p: (typeof parts)[number]) => bigint) => Number(parts.reduce((n, p) => n + f(p), 0n));
        reports.push({
          topic,
          sourceTopic: topic.slice(0, -DLQ_SUFFIX.length),
          parked: sum((p) => p.high - p.low),
          waiting: sum((p) => p.high - p.from),
        });
      }
      return reports;
    },

    async peek(topic, limit) {
      await requireDlq(topic);
      const found: ParkedRecord[] = [];
      // A throwaway group: peeking must not move the replay group's position.
      const group = physical(`dlq-peek.${topic}.${Date.now()}.${Math.random().toString(36).slice(2)}`);
      await readWaiting(
        topic,
        group,
        async (parked) => {
          found.push(parked);
          return found.length < limit;
        },
        false,
      );
      await admin.deleteGroups([group]).catch(() => undefined);
      return found.slice(0, limit);
    },

    async replay(topic) {
      await requireDlq(topic);
      const source = topic.slice(0, -DLQ_SUFFIX.length);
      if (!(await admin.listTopics()).includes(physical(source))) {
        throw new AppError("failed_precondition", `${topic} has no source topic ${source} to replay to`);
      }
      let replayed = 0;
      await readWaiting(
        topic,
        replayGroup(topic),
        async (_parked, raw) => {
          const headers: IHeaders = {};
          for (const [name, value] of Object.entries(raw.headers)) {
            if (!name.startsWith("x-dead-letter-") && value !== undefined) headers[name] = value;
          }
          // Same key as the original, so the replayed event lands on its entity's partition.
          await producer.send({
            topic: physical(source),
            acks: -1,
            messages: [{ key: raw.key, value: raw.value, headers }],
          });
          replayed++;
          return true;
        },
        true,
      );
      return { replayed };
    },
  };
}

function parkedOf(topic: string, partition: number, message: KafkaMessage): ParkedRecord {
  const header = (name: string) => {
    const value = message.headers?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? "" : first.toString();
  };
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? "",
    type: header("ce_type"),
    eventId: header("ce_id"),
    tenantId: header("ce_tenantid"),
    error: header("x-dead-letter-error"),
    attempts: Number(header("x-dead-letter-attempts") || "0"),
    group: header("x-dead-letter-group"),
    source: header("x-dead-letter-source"),
  };
}
