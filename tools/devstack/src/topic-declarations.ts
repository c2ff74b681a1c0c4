// Reads deploy/kubernetes/base/topics/topics.tsv, the one declaration of every Kafka topic's
// partitions and settings. The topics Job (create-topics.sh) creates production topics from it;
// the dev stack creates the same topics from it (declared-topics.ts); tools/kube/test checks it
// against proto/src/topics.ts. Columns are tab-separated; `#` starts a comment line.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const TOPICS_TSV = fileURLToPath(new URL("../../../deploy/kubernetes/base/topics/topics.tsv", import.meta.url));

export interface TopicDeclaration {
  name: string;
  partitions: number;
  /** -1: kept until deleted (dead-letter topics: records stay until replayed). */
  retentionMs: number;
  maxMessageBytes: number;
  cleanupPolicy: string;
}

export function readTopicDeclarations(path: string = TOPICS_TSV): TopicDeclaration[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [name = "", partitions, retention, maxBytes, cleanup = ""] = line.split("\t");
      const declaration = {
        name,
        partitions: Number(partitions),
        retentionMs: Number(retention),
        maxMessageBytes: Number(maxBytes),
        cleanupPolicy: cleanup.trim(),
      };
      if (!Number.isInteger(declaration.partitions) || !Number.isInteger(declaration.retentionMs))
        throw new Error(`${path}: malformed line "${line}"`);
      return declaration;
    });
}

/** The topic settings a declaration sets, as Kafka names them. */
export function topicConfig(declaration: TopicDeclaration): Record<string, string> {
  return {
    "retention.ms": String(declaration.retentionMs),
    "max.message.bytes": String(declaration.maxMessageBytes),
    "cleanup.policy": declaration.cleanupPolicy,
  };
}
