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
  /**
   * Changes per POST. Meta sends one, and popular client libraries read only
   * `entry[0].changes[0]`: more is for receivers known to read every change.
   */
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(1),
  /** POSTs to one business in flight at once. */
  WEBHOOK_POSTS_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(8),
  /** Most deliveries leased per delivery round (all businesses). */
  WEBHOOK_CLAIM_LIMIT: z.coerce.number().int().min(1).max(10_000).default(800),
  WEBHOOK_POLL_INTERVAL_MS: ms.default(1_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How long a replica serves a subscription (or its absence) from memory: changes made through
   * another replica are seen within this. */
  WEBHOOK_SUBSCRIPTION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /** Most deliveries of one business leased in a delivery round, so one backlog cannot fill it. */
  WEBHOOK_ROUND_MAX_PER_BUSINESS: z.coerce.number().int().min(1).default(200),
  /** Pending deliveries at which a business is reported backpressured (see backlog-guard.ts). */
  WEBHOOK_MAX_PENDING_PER_BUSINESS: z.coerce.number().int().min(1).default(100_000),
  /** How often the pending count per business is re-read from the store (one grouped read). */
  WEBHOOK_BACKLOG_SAMPLE_MS: ms.default(30_000),
  /** Dev and tests only: allow http:// callback URLs (production requires https://). */
  WEBHOOK_ALLOW_HTTP_CALLBACKS: z.stringbool().default(false),
};

export type BusinessWebhookConfig = {
  [K in keyof typeof businessWebhookConfigShape]: z.output<(typeof businessWebhookConfigShape)[K]>;
};
