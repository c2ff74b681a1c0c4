// Raw produce to the same Kafka broker, the ceiling for everything the platform publishes: a
// producer configured like the kit's (idempotent, acks=all, one request in flight) sends batches
// of ~1 KB messages back to back for a fixed time, as the kit's group commit does under load. It
// writes only to its own topic (`<namespace>.bench.raw-produce`) and deletes it afterwards; it
// must never touch the platform's topics.
import { randomBytes } from "node:crypto";
import kafkajs from "kafkajs";

export interface ProduceBaseline {
  messagesPerSecond: number;
  megabytesPerSecond: number;
  batchSize: number;
  messageBytes: number;
  seconds: number;
}

export async function rawProduceBaseline(options: {
  brokers: string;
  namespace: string;
  seconds: number;
  batchSize?: number;
  messageBytes?: number;
}): Promise<ProduceBaseline> {
  const batchSize = options.batchSize ?? 256;
  const messageBytes = options.messageBytes ?? 1024;
  const topic = `${options.namespace}.bench.raw-produce`;
  const kafka = new kafkajs.Kafka({
    clientId: "bench-raw-produce",
    brokers: options.brokers.split(","),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const value = randomBytes(messageBytes);
    let sent = 0;
    let key = 0;
    const started = performance.now();
    const until = started + options.seconds * 1000;
    while (performance.now() < until) {
      const messages = Array.from({ length: batchSize }, () => ({ key: `thread-${key++ % 10_000}`, value }));
      await producer.send({ topic, acks: -1, messages });
      sent += batchSize;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      messagesPerSecond: sent / seconds,
      megabytesPerSecond: (sent * messageBytes) / seconds / 1e6,
      batchSize,
      messageBytes,
      seconds,
    };
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  }
}
