// Reads deploy/kubernetes/base/topics/topics.tsv, the one declaration of every Kafka topic's
// partitions and settings (the topics Job creates topics from it).
import { readFileSync } from "node:fs";

export interface TopicDeclaration {
  name: string;
  partitions: number;
  retentionMs: number;
  maxMessageBytes: number;
  cleanupPolicy: string;
}

export function readTopicDeclarations(path: string): TopicDeclaration[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [name = "", partitions, retention, maxBytes, cleanup = ""] = line.split("\t");
      return {
        name,
        partitions: Number(partitions),
        retentionMs: Number(retention),
        maxMessageBytes: Number(maxBytes),
        cleanupPolicy: cleanup,
      };
    });
}
