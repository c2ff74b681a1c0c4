// Makes sure a topic is usable before anyone produces to it or subscribes: every partition has a
// leader the cluster agrees on. kafkajs' `waitForLeaders` alone is not enough under load: a
// consumer that subscribes right after can still get UNKNOWN_TOPIC_OR_PARTITION from a broker
// whose metadata lags, so we poll topic metadata until it is complete (bounded).
// Creating a missing topic is a dev and test convenience (KAFKA_CREATE_TOPICS, on by default, off
// in the images and manifests): in production topics are declared once, in
// deploy/kubernetes/base/topics/topics.tsv, and created with their settings by the topics Job
// (the dev stack creates them from the same file). With creation off, a topic that does not exist
// within the wait is an error naming it, never a silently auto-created topic with broker defaults.
import type { Admin } from "kafkajs";

const READY_TIMEOUT_MS = 30_000;

export class MissingTopicError extends Error {
  readonly topic: string;

  constructor(topic: string) {
    super(
      `topic ${topic} does not exist and KAFKA_CREATE_TOPICS is off: create it from ` +
        "deploy/kubernetes/base/topics/topics.tsv (the kafka-topics Job, or the dev stack)",
    );
    this.name = "MissingTopicError";
    this.topic = topic;
  }
}

export async function createTopicReady(
  admin: Admin,
  topic: string,
  partitions: number,
  create = true,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let created = !create;
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      if (!created) {
        // Resolves false (no error) when the topic already exists.
        // A dead-letter topic keeps its records until they are replayed (topics.tsv says the same).
        const configEntries = topic.endsWith(".dlq") ? [{ name: "retention.ms", value: "-1" }] : [];
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, configEntries }],
        });
        created = true;
      }
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const found = topics.find((t) => t.name === topic);
      if (found && found.partitions.length > 0 && found.partitions.every((p) => p.leader >= 0)) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (!create) throw new MissingTopicError(topic);
      throw lastError ?? new Error(`topic ${topic} has no leader for every partition after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
