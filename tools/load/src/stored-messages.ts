// Reads what the conversation service has stored, from its database (`<namespace>_conversation`):
// it mirrors the `messages` and `threads` collections of services/conversation/src/store/
// mongo-models.ts. Two reads: a cheap running count for the 250 ms sampler, and one full scan for
// the audit after the run. It must never write, and never run a filtered count in the sampler: on
// FerretDB every filter is a collection scan (measured: ~5 s per 100k messages), while $collStats
// is a `count(*)` (~0.2 s per 100k) and metadata on MongoDB.
import type { Db } from "mongodb";

export interface StoredCount {
  /** Message documents of every direction, system notices included. */
  messages: number;
  /** Threads; each gets exactly one initial hosting notice (a `system` message). */
  threads: number;
}

export interface StoredMessage {
  messageId: string;
  direction: string;
  createdAtMs: number;
}

async function collectionCount(db: Db, name: string): Promise<number> {
  try {
    const [stats] = await db
      .collection(name)
      .aggregate<{ count?: number }>([{ $collStats: { count: {} } }])
      .toArray();
    return stats?.count ?? 0;
  } catch {
    return 0; // not created yet
  }
}

export async function storedCount(db: Db): Promise<StoredCount> {
  const [messages, threads] = await Promise.all([collectionCount(db, "messages"), collectionCount(db, "threads")]);
  return { messages, threads };
}

/** Messages stored so far that are not system notices (estimate: one notice per thread). */
export const nonSystemCount = (count: StoredCount) => Math.max(0, count.messages - count.threads);

/** Every stored message of the tenant (one scan), for the audit after the run. */
export async function scanStoredMessages(db: Db, tenantId: string): Promise<StoredMessage[]> {
  const found: StoredMessage[] = [];
  const cursor = db
    .collection("messages")
    .find({ tenantId }, { projection: { _id: 0, messageId: 1, direction: 1, createdAtMs: 1 }, batchSize: 10_000 });
  for await (const doc of cursor) {
    found.push({
      messageId: String(doc.messageId),
      direction: String(doc.direction),
      createdAtMs: Number(doc.createdAtMs),
    });
  }
  return found;
}
