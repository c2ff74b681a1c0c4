// How the delivery worker paces itself, derived from WEBHOOK_* in one place: the service and the
// webhook-drain benchmark both build their worker from it, so the benchmark measures what runs.
import type { DeliveryWorkerOptions } from "./delivery-worker.ts";
import type { BusinessWebhookConfig } from "./webhook-config.ts";

export type DeliveryTuning = Pick<
  DeliveryWorkerOptions,
  | "policy"
  | "batchSize"
  | "postsInFlight"
  | "claimLimit"
  | "perBusiness"
  | "leaseMs"
  | "pollIntervalMs"
  | "scanIntervalMs"
  | "lingerMs"
  | "deliveredRetentionMs"
  | "purgeIntervalMs"
  | "concurrency"
>;

export function deliveryTuningOf(config: BusinessWebhookConfig): DeliveryTuning {
  return {
    policy: {
      initialBackoffMs: config.WEBHOOK_INITIAL_BACKOFF_MS,
      maxBackoffMs: config.WEBHOOK_MAX_BACKOFF_MS,
      maxRetryAgeMs: config.WEBHOOK_MAX_RETRY_AGE_MS,
    },
    batchSize: config.WEBHOOK_BATCH_SIZE,
    postsInFlight: config.WEBHOOK_POSTS_IN_FLIGHT,
    claimLimit: config.WEBHOOK_CLAIM_LIMIT,
    perBusiness: config.WEBHOOK_ROUND_MAX_PER_BUSINESS,
    // Longer than a round can take (one business may get every batch of it, sent one after the
    // other), so a live worker never loses its claim mid-send.
    leaseMs: config.WEBHOOK_TIMEOUT_MS * (config.WEBHOOK_CONCURRENCY + 2),
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
    // What no hint names (another replica's deliveries after it crashed) waits at most this, on
    // top of its lease: rare work, against a scan of the whole queue (see delivery-hints.ts).
    scanIntervalMs: 10_000,
    lingerMs: Math.min(100, config.WEBHOOK_POLL_INTERVAL_MS),
    // Kafka redelivers within minutes of a crash; an hour of markers absorbs that with margin.
    deliveredRetentionMs: 60 * 60 * 1000,
    // A sixth of the retention: a marker lives at most 70 minutes, and a purge that finds none
    // (a scan of every marker and claim on FerretDB v1) runs six times an hour, not sixty.
    purgeIntervalMs: 10 * 60 * 1000,
    concurrency: config.WEBHOOK_CONCURRENCY,
  };
}
