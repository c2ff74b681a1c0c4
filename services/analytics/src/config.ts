// The analytics service's configuration: the only module of this service that reads
// process.env (through main.ts passing it in). KAFKA_TOPIC_PARTITIONS (common config) matters
// more here than elsewhere: a bucket's published value sums that many partition parts of each
// counted topic, so it must be at least the partition count of the thread-events topic and of the
// order-events topic (deployed: 12 and 6), and raised whenever either gains partitions.
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";

export const analyticsConfigSchema = commonConfigSchema.extend({
  GRPC_HOST: z.string().default("0.0.0.0"),
  GRPC_PORT: ports.port.default(50053),
  HTTP_PORT: ports.port.default(8083),
  MONGODB_DATABASE: z.string().default("switchboard_analytics"),
  CONSUMER_GROUP: z.string().default("analytics"),
  /** How long after its end a minute bucket still takes events as on-time; later ones are late. */
  BUCKET_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3_600_000)
    .default(5 * 60_000),
});

export type AnalyticsConfig = z.output<typeof analyticsConfigSchema>;

export function loadAnalyticsConfig(env: Readonly<Record<string, string | undefined>>): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
