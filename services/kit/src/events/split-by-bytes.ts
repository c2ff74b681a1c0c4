// Splits outgoing records into produce requests under a byte budget: Kafka refuses a request over
// its size limit whole (1 MiB by default), so one large publish must leave as several. Keeps the
// records' order; never drops or reorders one. A single record over the budget travels alone.
import type { IHeaders } from "kafkajs";

/** Consecutive runs of records whose keys, values and headers add up to at most `maxBytes`. */
export function splitByBytes<R extends { message: { key: string; value: Buffer; headers: IHeaders } }>(
  records: readonly R[],
  maxBytes: number,
): R[][] {
  const requests: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record.message);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** A record's size as the broker counts it, near enough (key, value, headers, per-record framing). */
export function recordBytes(message: { key: string; value: Buffer; headers: IHeaders }): number {
  let size = Buffer.byteLength(message.key) + message.value.length + 64;
  for (const [name, value] of Object.entries(message.headers)) {
    size += Buffer.byteLength(name) + (typeof value === "string" ? Buffer.byteLength(value) : 64);
  }
  return size;
}
