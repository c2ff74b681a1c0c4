// Creates the topics of topics.tsv on a Kafka cluster, idempotently, the way the topics Job does
// in Kubernetes: missing topics are created with their declared partitions and settings, existing
// ones get their settings converged, and partition counts are never changed (raising one needs the
// drain in docs/operations.md; lowering is impossible). Used by `devstack up` and the test global
// setup (unprefixed), and by the platform starter for a prefixed namespace.
import kafkajs from "kafkajs";
import { readTopicDeclarations, type TopicDeclaration, topicConfig } from "./topic-declarations.ts";

export interface DeclaredTopicsOptions {
  brokers: string;
  /** Prepended to every name, like KAFKA_TOPIC_PREFIX. */
  prefix?: string;
  declarations?: readonly TopicDeclaration[];
  log?: (line: string) => void;
}

export interface DeclaredTopicsReport {
  created: string[];
  converged: string[];
  /** Existing topics whose partition count differs from the declaration (left as they are). */
  partitionMismatches: { topic: string; declared: number; actual: number }[];
}

export async function createDeclaredTopics(options: DeclaredTopicsOptions): Promise<DeclaredTopicsReport> {
  const declarations = options.declarations ?? readTopicDeclarations();
  const prefix = options.prefix ?? "";
  const kafka = new kafkajs.Kafka({
    clientId: "devstack-topics",
    brokers: options.brokers.split(",").map((b) => b.trim()),
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((d) => !existing.has(prefix + d.name));
    const present = declarations.filter((d) => existing.has(prefix + d.name));
    if (missing.length > 0)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((d) => ({
          topic: prefix + d.name,
          numPartitions: d.partitions,
          configEntries: Object.entries(topicConfig(d)).map(([name, value]) => ({ name, value })),
        })),
      });
    if (present.length > 0)
      await admin.alterConfigs({
        validateOnly: false,
        resources: present.map((d) => ({
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: prefix + d.name,
          configEntries: Object.entries(topicConfig(d)).map(([name, value]) => ({ name, value })),
        })),
      });
    const partitionMismatches: DeclaredTopicsReport["partitionMismatches"] = [];
    if (present.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present.map((d) => prefix + d.name) });
      for (const d of present) {
        const actual = topics.find((t) => t.name === prefix + d.name)?.partitions.length ?? 0;
        if (actual !== d.partitions)
          partitionMismatches.push({ topic: prefix + d.name, declared: d.partitions, actual });
      }
    }
    for (const m of partitionMismatches)
      options.log?.(
        `kafka: topic ${m.topic} has ${m.actual} partitions, topics.tsv declares ${m.declared}: left as is (docs/operations.md)`,
      );
    options.log?.(`kafka: topics.tsv: ${missing.length} created, ${present.length} converged`);
    return {
      created: missing.map((d) => prefix + d.name),
      converged: present.map((d) => prefix + d.name),
      partitionMismatches,
    };
  } finally {
    await admin.disconnect();
  }
}
