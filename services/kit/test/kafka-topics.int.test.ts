// With KAFKA_CREATE_TOPICS off (the images and the manifests), the kit never creates a topic: a
// topic that exists (created from topics.tsv) is used as it is, and a missing one is an error
// naming it and the declaration to create it from — not a topic auto-created with broker defaults.
import { randomUUID } from "node:crypto";
import { testServers } from "@switchboard/testing/test-servers";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopicReady, MissingTopicError } from "../src/events/kafka-topics.ts";

const brokers = testServers().kafkaBrokers;
const admin = new kafkajs.Kafka({ clientId: "kit-topics-test", brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
const run = `kit-topics-${randomUUID().slice(0, 8)}`;

beforeAll(() => admin.connect());
afterAll(async () => {
  await admin.deleteTopics({ topics: [`${run}.declared`, `${run}.created`] }).catch(() => undefined);
  await admin.disconnect();
});

describe("topic readiness without creation", () => {
  it("fails on a missing topic, naming it and topics.tsv, and creates nothing", async () => {
    const missing = `${run}.missing`;
    const error = await createTopicReady(admin, missing, 3, false, 1_500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingTopicError);
    expect(String(error)).toContain(missing);
    expect(String(error)).toContain("topics.tsv");
    expect(await admin.listTopics()).not.toContain(missing);
  });

  it("uses a topic that exists with its own partition count", async () => {
    const declared = `${run}.declared`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: declared, numPartitions: 2 }] });
    await createTopicReady(admin, declared, 6, false, 10_000);
    const { topics } = await admin.fetchTopicMetadata({ topics: [declared] });
    expect(topics[0]?.partitions).toHaveLength(2);
  });

  it("creates the topic when creation is on (dev and tests)", async () => {
    const created = `${run}.created`;
    await createTopicReady(admin, created, 3, true, 10_000);
    const { topics } = await admin.fetchTopicMetadata({ topics: [created] });
    expect(topics[0]?.partitions).toHaveLength(3);
  });
});
