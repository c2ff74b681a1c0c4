// Creates topics on first use and waits until every partition has a leader the cluster agrees
// on. kafkajs' `waitForLeaders` alone is not enough under load: a consumer that subscribes right
// after can still get UNKNOWN_TOPIC_OR_PARTITION from a broker whose metadata lags, so we poll
// topic metadata until it is complete (bounded) before anyone uses the topic.
import type { Admin } from "kafkajs";

const READY_TIMEOUT_MS = 30_000;

export async function createTopicReady(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let created = false;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      if (!created) {
        // Resolves false (no error) when the topic already exists.
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
        created = true;
      }
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const found = topics.find((t) => t.name === topic);
      if (found && found.partitions.length > 0 && found.partitions.every((p) => p.leader >= 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topic ${topic} has no leader for every partition after ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
