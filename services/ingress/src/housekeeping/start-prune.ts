// Wires the prune job over ingress's stores with the config's retentions and interval.
import type { Logger, SubscriptionHandle } from "@switchboard/kit";
import type { DeliveryStore } from "../business-webhooks/delivery-store.ts";
import type { IngressConfig } from "../config.ts";
import type { IdempotencyStore } from "../idempotency/idempotency-store.ts";
import type { UpstreamDedupe } from "../upstream/upstream-dedupe.ts";
import { createPruneJob, startPruneJob } from "./prune-job.ts";

export function startIngressPrune(deps: {
  idempotency: IdempotencyStore;
  upstreamDedupe: UpstreamDedupe;
  deliveries: Pick<DeliveryStore, "pruneParkedPage">;
  config: Pick<
    IngressConfig,
    | "IDEMPOTENCY_RETENTION_MS"
    | "UPSTREAM_DEDUPE_RETENTION_MS"
    | "PARKED_DELIVERY_RETENTION_MS"
    | "PRUNE_PAGE_SIZE"
    | "PRUNE_INTERVAL_MS"
  >;
  logger: Logger;
}): SubscriptionHandle {
  const { config } = deps;
  const job = createPruneJob({
    targets: [
      { name: "idempotency_keys", store: deps.idempotency, retentionMs: config.IDEMPOTENCY_RETENTION_MS },
      { name: "upstream_dedupe", store: deps.upstreamDedupe, retentionMs: config.UPSTREAM_DEDUPE_RETENTION_MS },
      {
        name: "parked_deliveries",
        store: { prunePage: (cutoffMs, pageSize) => deps.deliveries.pruneParkedPage(cutoffMs, pageSize) },
        retentionMs: config.PARKED_DELIVERY_RETENTION_MS,
      },
    ],
    pageSize: config.PRUNE_PAGE_SIZE,
    logger: deps.logger,
  });
  return startPruneJob(job, { intervalMs: config.PRUNE_INTERVAL_MS, logger: deps.logger });
}
