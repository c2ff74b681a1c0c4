// Reads what the analytics service has counted, from its database (`<namespace>_analytics`).
// It mirrors the volume store of services/analytics/src/store/mongo-volume-docs.ts:
//   `volume_parts`: one document per rollup key and topic-partition, its measures in `m`; a
//                   message is `m.received` (inbound) or `m.sent` (outbound) in exactly one part;
//   `volume_facts`: one document per counted fact, `_id` = tenant|received|<wamid> for an inbound
//                   message and tenant|sent|<wamid> for an outbound one (other facts have other
//                   middle words: statuses, unique customers, windows, first responses).
// When that storage changes again, this file is the one to update. It must never write.
import type { Db } from "mongodb";

export interface CountedMessage {
  messageId: string;
  direction: string;
}

const MESSAGE_FACT_DIRECTIONS: Readonly<Record<string, string>> = { received: "inbound", sent: "outbound" };

/** Messages counted so far: the sum of the tenant's parts (few documents: cheap to poll). */
export async function countedSoFar(db: Db, tenantId: string): Promise<number> {
  let total = 0;
  const cursor = db.collection("volume_parts").find({ tenantId }, { projection: { _id: 0, m: 1 } });
  for await (const doc of cursor) {
    const measures = (doc.m ?? {}) as Record<string, unknown>;
    total += (Number(measures.received) || 0) + (Number(measures.sent) || 0);
  }
  return total;
}

/** The counted message a fact id stands for, or undefined for facts that are not messages. */
export function countedMessageOf(factId: string, tenantId: string): CountedMessage | undefined {
  const prefix = `${tenantId}|`;
  if (!factId.startsWith(prefix)) return undefined;
  const rest = factId.slice(prefix.length);
  const bar = rest.indexOf("|");
  const direction = MESSAGE_FACT_DIRECTIONS[rest.slice(0, bar)];
  if (bar < 0 || direction === undefined) return undefined;
  return { messageId: rest.slice(bar + 1), direction };
}

/** Every counted message of the tenant (one scan), for the audit after the run. */
export async function scanCountedMessages(db: Db, tenantId: string): Promise<CountedMessage[]> {
  const found: CountedMessage[] = [];
  const cursor = db.collection("volume_facts").find({ tenantId }, { projection: { _id: 1 }, batchSize: 10_000 });
  for await (const doc of cursor) {
    const message = countedMessageOf(String(doc._id), tenantId);
    if (message) found.push(message);
  }
  return found;
}
