// Takes a verified, parsed webhook body to published events: resolve each change's target,
// normalize, claim each deduplicable item, publish what was newly claimed in one batch and wait
// for Kafka's acknowledgement. If publishing fails the claims are released and the error
// propagates (the route answers 5xx, Meta retries). Changes for numbers we do not host are
// counted and logged, never published, and do not fail the body: Meta would retry them forever.
//
// Known window: a crash between claiming and the acknowledgement leaves claims without events,
// so Meta's retry of that body is taken for a duplicate. Releasing on every failure we can see
// keeps the window to process crashes.
import { type EventBus, type Logger, withTimeout } from "@switchboard/kit";
import { planWebhook } from "./plan-webhook.ts";
import type { PlannedEvent } from "./planned-event.ts";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";
import type { UpstreamMessageIds } from "./upstream-message-ids.ts";
import type { UpstreamRouting } from "./upstream-targets.ts";
import type { WebhookEntry } from "./webhook-payload.ts";

export interface IngestDeps {
  routing: UpstreamRouting;
  dedupe: UpstreamDedupe;
  /** Translates Meta's ids of messages sent through the Cloud API; absent → ids kept as sent. */
  messageIds?: UpstreamMessageIds;
  bus: EventBus;
  publishTimeoutMs: number;
  logger: Logger;
  /** Counts changes for numbers or accounts we do not host (a metric in production). */
  countUnroutable: (count: number) => void;
  now?: () => number;
}

export interface IngestReport {
  published: number;
  duplicates: number;
  unroutable: number;
}

export async function ingestWebhook(entries: readonly WebhookEntry[], deps: IngestDeps): Promise<IngestReport> {
  const receivedAtMs = (deps.now ?? Date.now)();
  const { planned, unknownIds } = await planWebhook(entries, deps, receivedAtMs);
  if (unknownIds.length > 0) {
    deps.countUnroutable(unknownIds.length);
    deps.logger.warn({ unknownIds: unknownIds.slice(0, 10) }, "upstream webhook for numbers we do not host");
  }

  const claimed: PlannedEvent[] = [];
  const toPublish: PlannedEvent[] = [];
  try {
    for (const item of planned) {
      if (!item.claim) toPublish.push(item);
      else if (await deps.dedupe.claim(item.event.tenantId, item.claim)) {
        claimed.push(item);
        toPublish.push(item);
      }
    }
    if (toPublish.length > 0) {
      await withTimeout(
        deps.bus.publish(toPublish.map((p) => p.event)),
        deps.publishTimeoutMs,
        "Kafka acknowledgement",
      );
    }
  } catch (error) {
    await releaseAll(claimed, deps);
    throw error;
  }
  return { published: toPublish.length, duplicates: planned.length - toPublish.length, unroutable: unknownIds.length };
}

async function releaseAll(claimed: readonly PlannedEvent[], deps: IngestDeps): Promise<void> {
  const results = await Promise.allSettled(
    claimed.map((item) => (item.claim ? deps.dedupe.release(item.event.tenantId, item.claim) : Promise.resolve())),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.error({ failed }, "could not release upstream dedupe claims after a failed publish");
}
