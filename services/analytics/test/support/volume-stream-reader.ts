// A reader of the public stream as an analyst would write it: a stock kafkajs consumer, JSON
// values, the highest value per (rollup key, measure) kept, since values only grow and two
// partitions' consumers may publish one bucket in either order. Also keeps every record's kind.
import { MESSAGE_VOLUME_TOPIC, type MessageVolumeV1 } from "@switchboard/proto";
import kafkajs from "kafkajs";
import { truthKeyOf } from "./volume-workload.ts";

export interface StreamReader {
  /** Highest value per measure, by the tests' key id (truthKeyOf). */
  readonly highest: Map<string, Record<string, number>>;
  readonly records: MessageVolumeV1[];
  stop(): Promise<void>;
}

export function keyOfRecord(r: MessageVolumeV1): string {
  return truthKeyOf({
    tenantId: r.tenant_id,
    businessId: r.business_id,
    phoneNumberId: r.dimensions.phone_number_id,
    direction: r.dimensions.direction,
    messageType: r.dimensions.message_type,
    pricingCategory: r.dimensions.pricing_category,
    hostingMode: r.dimensions.hosting_mode,
    encryptionState: r.dimensions.encryption_state,
    countryCode: r.dimensions.country_calling_code,
    bucketStartMs: r.bucket_start_ms,
    late: r.late,
  });
}

export async function readVolumeStream(brokers: string[], prefix: string): Promise<StreamReader> {
  const kafka = new kafkajs.Kafka({ clientId: "volume-reader", brokers, logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${prefix}volume-reader` });
  const highest = new Map<string, Record<string, number>>();
  const records: MessageVolumeV1[] = [];
  const topic = `${prefix}${MESSAGE_VOLUME_TOPIC}`;
  // The service may not have published yet: make sure the topic exists before subscribing.
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
    .finally(() => admin.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const record = JSON.parse(message.value?.toString("utf8") ?? "{}") as MessageVolumeV1;
      records.push(record);
      const key = keyOfRecord(record);
      const kept = highest.get(key) ?? {};
      for (const [name, value] of Object.entries(record.measures)) kept[name] = Math.max(kept[name] ?? 0, value);
      highest.set(key, kept);
    },
  });
  return { highest, records, stop: () => consumer.disconnect() };
}
