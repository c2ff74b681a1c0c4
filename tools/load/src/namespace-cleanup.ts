// Removes what one benchmark run left on the shared dev stack: its namespace's databases
// (`<namespace>_<service>`) and topics (`<namespace>.` + name). Every name it deletes starts with
// the run's own unique namespace: it must never delete anything else.
import kafkajs from "kafkajs";
import type { MongoClient } from "mongodb";

const SERVICES = ["ingress", "conversation", "catalog", "analytics"] as const;

export async function dropNamespace(client: MongoClient, brokers: string, namespace: string): Promise<void> {
  if (!/^bench_[0-9a-z]+$/.test(namespace)) throw new Error(`refusing to clean up namespace "${namespace}"`);
  for (const service of SERVICES)
    await client
      .db(`${namespace}_${service}`)
      .dropDatabase()
      .catch(() => {});
  const admin = new kafkajs.Kafka({
    clientId: "bench-cleanup",
    brokers: brokers.split(","),
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
