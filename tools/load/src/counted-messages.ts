// Reads what the analytics service has counted, from its database (`<namespace>_analytics`).
// It mirrors the analytics rollup schema of services/analytics/src/store/mongo-models.ts, in both
// of its shapes while the rewrite lands (a given service version writes only one of them, so
// adding both never counts twice):
//   current: `volume_rollup_parts` (one document per tenant, number, direction, minute, topic and
//            partition; a bucket's count is the sum of its parts) and `counted_events` (one per
//            counted message, `_id` = tenant|direction|messageId);
//   earlier: `volume_rollups` (one document per bucket with `count`) and `volume_events`.
// When that storage changes again, this file is the one to update. It must never write.
import type { Db } from "mongodb";

export interface CountedMessage {
  messageId: string;
  direction: string;
}

const ROLLUP_COLLECTIONS = ["volume_rollup_parts", "volume_rollups"] as const;
const EVENT_COLLECTIONS = ["counted_events", "volume_events"] as const;

/** Messages counted so far: the sum of the tenant's rollups (few documents: cheap to poll). */
export async function countedSoFar(db: Db, tenantId: string): Promise<number> {
  let total = 0;
  for (const name of ROLLUP_COLLECTIONS) {
    const cursor = db.collection(name).find({ tenantId }, { projection: { _id: 0, count: 1 } });
    for await (const doc of cursor) total += Number(doc.count) || 0;
  }
  return total;
}

/** Every counted message of the tenant (one scan), for the audit after the run. */
export async function scanCountedMessages(db: Db, tenantId: string): Promise<CountedMessage[]> {
  const found: CountedMessage[] = [];
  for (const name of EVENT_COLLECTIONS) {
    const cursor = db
      .collection(name)
      .find({ tenantId }, { projection: { _id: 0, messageId: 1, direction: 1 }, batchSize: 10_000 });
    for await (const doc of cursor) found.push({ messageId: String(doc.messageId), direction: String(doc.direction) });
  }
  return found;
}
