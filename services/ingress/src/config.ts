// The ingress service's configuration: the only module of this service that reads process.env
// (main.ts passes it in).
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";
import { businessWebhookConfigShape } from "./business-webhooks/webhook-config.ts";
import { upstreamConfigShape } from "./upstream-channel/upstream-config.ts";

export const ingressConfigSchema = commonConfigSchema.extend({
  HTTP_HOST: z.string().default("0.0.0.0"),
  HTTP_PORT: ports.port.default(8080),
  /** Bearer token of the operator's admin API. Long and random; never a default. */
  ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters"),
  MONGODB_DATABASE: z.string().default("switchboard_ingress"),
  CONVERSATION_GRPC_ADDRESS: z.string().default("127.0.0.1:50051"),
  CATALOG_GRPC_ADDRESS: z.string().default("127.0.0.1:50052"),
  /** How long a send waits for Kafka to acknowledge before answering 503. */
  PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long a replica may serve a token or number from memory (revocations elsewhere lag by this). */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /** Ingress replicas behind the load balancer: in-memory rate limits are divided by this. */
  RATE_LIMIT_REPLICAS: z.coerce.number().int().min(1).default(1),
  /** Pair rate per (business number, recipient): a burst, then one message per interval. */
  PAIR_RATE_BURST: z.coerce.number().int().min(1).default(6),
  PAIR_RATE_INTERVAL_MS: z.coerce.number().int().positive().default(6_000),
  ...businessWebhookConfigShape,
  ...upstreamConfigShape,
});

export type IngressConfig = z.output<typeof ingressConfigSchema>;

export function loadIngressConfig(env: Readonly<Record<string, string | undefined>>): IngressConfig {
  return loadConfig(ingressConfigSchema, env);
}
