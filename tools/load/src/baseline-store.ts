// Raw bulk insert into the same MongoDB-wire store, the ceiling for everything the platform
// stores: `insertMany` of ~1 KB documents in batches, into a database of its own
// (`<namespace>_bench_raw`) that it drops afterwards. It must never touch the services' databases.
import type { MongoClient } from "mongodb";

export interface InsertBaseline {
  docsPerSecond: number;
  docs: number;
  batchSize: number;
  seconds: number;
}

export async function rawInsertBaseline(options: {
  client: MongoClient;
  namespace: string;
  docs?: number;
  batchSize?: number;
}): Promise<InsertBaseline> {
  const docs = options.docs ?? 20_000;
  const batchSize = options.batchSize ?? 1000;
  const db = options.client.db(`${options.namespace}_bench_raw`);
  const collection = db.collection<{ _id: string; tenantId: string; body: string; createdAtMs: number }>("messages");
  const body = "x".repeat(900);
  try {
    const started = performance.now();
    for (let first = 0; first < docs; first += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, docs - first) }, (_, i) => ({
        _id: `bench|${first + i}`,
        tenantId: "bench",
        body,
        createdAtMs: Date.now(),
      }));
      await collection.insertMany(batch, { ordered: false });
    }
    const seconds = (performance.now() - started) / 1000;
    return { docsPerSecond: docs / seconds, docs, batchSize, seconds };
  } finally {
    await db.dropDatabase().catch(() => {});
  }
}
