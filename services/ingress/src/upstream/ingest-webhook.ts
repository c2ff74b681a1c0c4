// Takes a verified, parsed webhook body to published events: resolve each change's target,
// normalize, claim the body's deduplicable items (one claimAll per tenant the body names: a body
// may span several numbers, so several tenants), publish what was newly claimed in one batch and
// wait for Kafka's acknowledgement. If publishing fails the claims are released and the error
// propagates (the route answers 5xx, Meta retries). Changes for numbers we do not host are
// counted and logged, never published, and do not fail the body: Meta would retry them forever.
//
// Known window: a crash between claiming and the acknowledgement leaves claims without events,
// so Meta's retry of that body is taken for a duplicate. Releasing on every failure we can see
// keeps the window to process crashes.
import { type EventBus, type Logger, withTimeout } from "@switchboard/kit";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { planWebhook } from "./plan-webhook.ts";
import type { DedupeKey, PlannedEvent } from "./planned-event.ts";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";
import type { WebhookEntry } from "./webhook-payload.ts";

export interface IngestDeps {
  routing: UpstreamRouting;
  dedupe: UpstreamDedupe;
  /** Translates Meta's ids of messages sent through the Cloud API (ids it does not know stay as sent). */
  messageIds: UpstreamMessageIds;
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

  const claimed: TenantClaims[] = [];
  let toPublish: PlannedEvent[] = [];
  try {
    const won = await claimByTenant(planned, deps, claimed);
    toPublish = planned.filter((item) => !item.claim || won.has(item));
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

interface TenantClaims {
  tenantId: string;
  keys: DedupeKey[];
}

/**
 * Claims the items' keys, one claimAll per tenant (concurrently); returns the items this call
 * claimed. What was claimed is pushed to `claimed` as soon as it is, so that a failure of another
 * tenant's claim still releases it. A claimAll that failed may have stored some of its claims
 * (the insert is unordered): all its keys are released, since a claim kept without its event
 * would lose the item, while releasing a claim someone else holds at worst republishes an event
 * under its deterministic id, which downstream recognises.
 */
async function claimByTenant(
  planned: readonly PlannedEvent[],
  deps: IngestDeps,
  claimed: TenantClaims[],
): Promise<Set<PlannedEvent>> {
  const byTenant = new Map<string, PlannedEvent[]>();
  for (const item of planned) {
    if (!item.claim) continue;
    const items = byTenant.get(item.event.tenantId);
    if (items) items.push(item);
    else byTenant.set(item.event.tenantId, [item]);
  }
  const won = new Set<PlannedEvent>();
  const results = await Promise.allSettled(
    [...byTenant].map(async ([tenantId, items]) => {
      const keys = items.flatMap((item) => (item.claim ? [item.claim] : []));
      const answers = await deps.dedupe.claimAll(tenantId, keys).catch((error: unknown) => {
        claimed.push({ tenantId, keys });
        throw error;
      });
      const mine = items.filter((_, index) => answers[index] === true);
      claimed.push({ tenantId, keys: mine.flatMap((item) => (item.claim ? [item.claim] : [])) });
      for (const item of mine) won.add(item);
    }),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return won;
}

async function releaseAll(claimed: readonly TenantClaims[], deps: IngestDeps): Promise<void> {
  const results = await Promise.allSettled(
    claimed.filter((c) => c.keys.length > 0).map((c) => deps.dedupe.releaseAll(c.tenantId, c.keys)),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.error({ failed }, "could not release upstream dedupe claims after a failed publish");
}
