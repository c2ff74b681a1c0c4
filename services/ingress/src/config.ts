// The ingress service's configuration schema, parsed once at boot: main.ts passes it the
// environment (main.ts is the only module of this service that touches process.env) and hands the
// typed result down.
import { commonConfigSchema, loadConfig, ports } from "@switchboard/kit";
import { z } from "zod";
import { businessWebhookConfigShape } from "./business-webhooks/webhook-config.ts";
import { outboundConfigShape } from "./outbound/outbound-config.ts";
import { hardeningConfigShape } from "./secrets/hardening-config.ts";
import { templateConfigShape } from "./templates/template-config.ts";
import { upstreamConfigShape } from "./upstream-channel/upstream-config.ts";

export const ingressConfigSchema = commonConfigSchema.extend({
  HTTP_HOST: z.string().default("0.0.0.0"),
  HTTP_PORT: ports.port.default(8080),
  /** Bearer token of the operator's admin API. Long and random; never a default. */
  ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters"),
  MONGODB_DATABASE: z.string().default("switchboard_ingress"),
  CONVERSATION_GRPC_ADDRESS: z.string().default("127.0.0.1:50051"),
  CATALOG_GRPC_ADDRESS: z.string().default("127.0.0.1:50052"),
  ANALYTICS_GRPC_ADDRESS: z.string().default("127.0.0.1:50053"),
  /** The version a Graph path without one is served at (Graph's own default for an app). */
  GRAPH_DEFAULT_VERSION: z
    .string()
    .regex(/^v[0-9]{1,2}\.[0-9]$/, "must look like v23.0")
    .default("v23.0"),
  /** How long a send waits for Kafka to acknowledge before answering 503. */
  PUBLISH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * A webhook item's provisional dedupe claim older than PUBLISH_TIMEOUT_MS plus this is taken over
   * by Meta's redelivery and published again (its attempt failed unconfirmed or died); a younger one
   * is answered 503. Covers a publish still in flight at its deadline, and clock skew between replicas.
   */
  UPSTREAM_CLAIM_TAKEOVER_MARGIN_MS: z.coerce.number().int().min(0).default(20_000),
  /** How long a replica may serve a token or number from memory (revocations elsewhere lag by this). */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /** Ingress replicas behind the load balancer: in-memory rate limits are divided by this. */
  RATE_LIMIT_REPLICAS: z.coerce.number().int().min(1).default(1),
  /**
   * Pair rate per (business number, recipient), Meta's rule: bursts of up to 45 messages, which
   * borrow from later quota refilled at one message per 6 s (a token bucket).
   */
  PAIR_RATE_BURST: z.coerce.number().int().min(1).default(45),
  PAIR_RATE_INTERVAL_MS: z.coerce.number().int().positive().default(6_000),
  ...businessWebhookConfigShape,
  ...upstreamConfigShape,
  ...outboundConfigShape,
  ...templateConfigShape,
  ...hardeningConfigShape,
});

export type IngressConfig = z.output<typeof ingressConfigSchema>;

export function loadIngressConfig(env: Readonly<Record<string, string | undefined>>): IngressConfig {
  return loadConfig(ingressConfigSchema, env);
}
