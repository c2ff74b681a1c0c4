// Reads what the platform left behind, for the audit's verdict: conversation's stored messages
// (with the audit marker in their text and their final status) and what is left in the
// dead-letter topics of the run. Read-only: it must never write, commit or join a group.

import kafkajs from "kafkajs";
import type { Db } from "mongodb";
import type { StoredAuditMessage } from "./audit-checks.ts";

const MARKER = /audit-(?:in|out):[0-9]+/;

/** Every stored message of the tenant, one scan (the audit runs after the platform drained). */
export async function scanAuditMessages(db: Db, tenantId: string): Promise<StoredAuditMessage[]> {
  const found: StoredAuditMessage[] = [];
  const cursor = db
    .collection("messages")
    .find(
      { tenantId },
      { projection: { _id: 0, messageId: 1, direction: 1, status: 1, bodyJson: 1 }, batchSize: 10_000 },
    );
  for await (const doc of cursor) {
    found.push({
      messageId: String(doc.messageId),
      direction: String(doc.direction),
      marker: MARKER.exec(String(doc.bodyJson ?? ""))?.[0],
      status: String(doc.status ?? ""),
    });
  }
  return found;
}

/** Records in each of the run's dead-letter topics (high watermark − low, summed over partitions). */
export async function deadLetterCounts(brokers: string, namespace: string): Promise<Map<string, number>> {
  const kafka = new kafkajs.Kafka({
    clientId: "audit-dlq",
    brokers: brokers.split(","),
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`) && t.endsWith(".dlq"));
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      counts.set(
        topic.slice(namespace.length + 1),
        offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0),
      );
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}
