// Integration: the dev stack comes up (or is reused) and real clients work against it. This is
// also the project's smoke test of kafkajs 2.2.4 against Kafka 4.4 (admin, producer, consumer
// group with manual commit) and of the mongodb driver against FerretDB.
// Servers are left running afterwards on purpose: the next run reuses them in well under a second.
import { randomUUID } from "node:crypto";
import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevstackEndpoints, ensureDevstack } from "../src/devstack.ts";

const COLD_START_MS = 15 * 60_000; // first run builds FerretDB and resolves Kafka's jars

let endpoints: DevstackEndpoints;

beforeAll(async () => {
  endpoints = await ensureDevstack({ log: (line) => console.info(`devstack: ${line}`) });
}, COLD_START_MS);

describe("kafka (kafkajs 2.2.4)", () => {
  const runId = randomUUID().slice(0, 8);
  const topic = `devstack-smoke-${runId}`;
  const groupId = `devstack-smoke-group-${runId}`;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    kafka = new Kafka({
      clientId: "devstack-int",
      brokers: endpoints.kafkaBrokers.split(","),
      logLevel: logLevel.WARN,
    });
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 }); // short fetch polls: disconnect waits for one
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await Promise.allSettled([consumer?.disconnect(), producer?.disconnect()]);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin?.disconnect();
  });

  it("creates a topic, produces, consumes in a group and commits the offset", async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);
    expect(await admin.listTopics()).toContain(topic);

    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key: string; value: string; offset: string }>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic: from, partition, message }) => {
            await consumer.commitOffsets([
              { topic: from, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
            resolve({ key: String(message.key), value: String(message.value), offset: message.offset });
          },
        })
        .catch(reject);
    });

    const [sent] = await producer.send({ topic, messages: [{ key: "tenant-1", value: `hello ${runId}` }] });
    expect(sent?.errorCode).toBe(0);

    const message = await received;
    expect(message).toEqual({ key: "tenant-1", value: `hello ${runId}`, offset: "0" });

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: "1" })]);
  }, 60_000);
});

describe("mongo (mongodb driver)", () => {
  it("inserts and finds a document", async () => {
    const client = new MongoClient(endpoints.mongodbUri, { serverSelectionTimeoutMS: 5000 });
    const db = client.db(`devstack_smoke_${randomUUID().slice(0, 8)}`);
    try {
      const things = db.collection<{ _id: string; tenant: string; n: number }>("things");
      await things.insertOne({ _id: "a", tenant: "t1", n: 1 });
      expect(await things.findOne({ tenant: "t1" })).toEqual({ _id: "a", tenant: "t1", n: 1 });
    } finally {
      await db.dropDatabase().catch(() => {});
      await client.close();
    }
  }, 30_000);
});
