// The business-webhook settings of the ingress config (config.ts extends its schema with these;
// this module reads no environment). Defaults follow Meta: retries for up to 7 days.
import { z } from "zod";

const ms = z.coerce.number().int().positive();

export const businessWebhookConfigShape = {
  WEBHOOK_CONSUMER_GROUP: z.string().default("ingress-business-webhooks"),
  /** How long a failing delivery is retried before it is parked. */
  WEBHOOK_MAX_RETRY_AGE_MS: ms.default(7 * 24 * 60 * 60 * 1000),
  WEBHOOK_INITIAL_BACKOFF_MS: ms.default(5_000),
  WEBHOOK_MAX_BACKOFF_MS: ms.default(15 * 60 * 1000),
  /** One POST to a business: connect + answer. */
  WEBHOOK_TIMEOUT_MS: ms.default(10_000),
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  WEBHOOK_POLL_INTERVAL_MS: ms.default(1_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How long a replica serves a subscription (or its absence) from memory: changes made through
   * another replica are seen within this. */
  WEBHOOK_SUBSCRIPTION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /** Dev and tests only: allow http:// callback URLs (production requires https://). */
  WEBHOOK_ALLOW_HTTP_CALLBACKS: z.stringbool().default(false),
};

export type BusinessWebhookConfig = {
  [K in keyof typeof businessWebhookConfigShape]: z.output<(typeof businessWebhookConfigShape)[K]>;
};
