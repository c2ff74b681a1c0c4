// Takes a verified, parsed webhook body to published events: resolve each change's target,
// normalize, claim the body's deduplicable items (one claimAll per tenant the body names: a body
// may span several numbers, so several tenants), publish what this body holds in one batch and
// wait for Kafka's acknowledgement, then confirm those claims (coalesced, not awaited). Changes for
// numbers we do not host are counted and logged, never published, and do not fail the body: Meta
// would retry them forever.
//
// 200 is answered only when every item is covered by an acknowledged publish: our own, a confirmed
// claim (someone's publish was acknowledged), or a pending claim held by a body of this process
// whose publish was acknowledged (claims-in-flight.ts). A key another attempt claimed recently and
// left provisional is answered 503 (never 200: if that attempt failed with its release lost, or
// its process died before Kafka answered, a 200 would lose the item), and once the claim is older
// than the takeover cutoff the redelivery takes it over and publishes. That cutoff is the publish
// deadline plus a margin: a withdrawn publish has ended by the deadline, and one still in flight
// then (the bus waits for Kafka's outcome however long it takes) is what the margin is for; an
// attempt slower still is not a loss either, only a second copy under the same deterministic event
// ids, which downstream absorbs (messages and facts keyed by message id, monotone statuses,
// business deliveries keyed by content). So releasing the claims after a failed publish is a best
// effort that spares the retry the wait; correctness does not depend on it.
//
// An error answer must mean "not published": the bus withdraws events still queued at the
// deadline, and events already handed to the producer are answered with Kafka's outcome.
import { AppError, type EventBus, type Logger } from "@switchboard/kit";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import type { ClaimConfirmations } from "./claim-confirmations.ts";
import type { ClaimsInFlight } from "./claims-in-flight.ts";
import { planWebhook } from "./plan-webhook.ts";
import type { DedupeKey, PlannedEvent } from "./planned-event.ts";
import { type ClaimOutcome, dedupeIdOf, type TenantKeys, type UpstreamDedupe } from "./upstream-dedupe.ts";
import type { WebhookEntry } from "./webhook-payload.ts";

export interface IngestDeps {
  routing: UpstreamRouting;
  dedupe: UpstreamDedupe;
  /** This process's bodies still publishing what they claimed (one registry per webhook route). */
  claimsInFlight: ClaimsInFlight;
  /** Writes confirmations of acknowledged claims, coalesced across bodies (one per webhook route). */
  confirmations: ClaimConfirmations;
  /** Translates Meta's ids of messages sent through the Cloud API (ids it does not know stay as sent). */
  messageIds: UpstreamMessageIds;
  bus: EventBus;
  /** How long a body's events may wait for the producer; past it they are withdrawn, answered 503. */
  publishTimeoutMs: number;
  /** Added to `publishTimeoutMs`: a provisional claim older than both is taken over. */
  claimTakeoverMarginMs: number;
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
  const nowMs = (deps.now ?? Date.now)();
  const { planned, unknownIds } = await planWebhook(entries, deps, nowMs);
  if (unknownIds.length > 0) {
    deps.countUnroutable(unknownIds.length);
    deps.logger.warn({ unknownIds: unknownIds.slice(0, 10) }, "upstream webhook for numbers we do not host");
  }

  const claims = distinctClaims(planned);
  const held: TenantKeys[] = [];
  let toPublish: PlannedEvent[] = [];
  const attempt = deps.claimsInFlight.begin([...claims.keys()]);
  let othersSucceeded = Promise.resolve(true);
  try {
    const outcomes = await claimByTenant(claims, deps, nowMs, held);
    const won = idsWith(outcomes, "claimed");
    othersSucceeded = attempt.claimed(won, idsWith(outcomes, "pending"));
    toPublish = firstOfEach(planned, won);
    if (toPublish.length > 0) {
      await deps.bus.publish(
        toPublish.map((p) => p.event),
        { timeoutMs: deps.publishTimeoutMs },
      );
    }
  } catch (error) {
    await releaseAll(held, deps);
    attempt.settled(false);
    throw error;
  }
  attempt.settled(true, deps.confirmations.confirm(held));
  // Keys held by other attempts: answered as they are, so a 200 never covers an item whose
  // publish then failed, nor one whose attempt is unknown (claims-in-flight.ts).
  if (!(await othersSucceeded)) {
    throw new AppError("unavailable", "an earlier delivery of this body's items has not been confirmed published");
  }
  return { published: toPublish.length, duplicates: planned.length - toPublish.length, unroutable: unknownIds.length };
}

/** The body's claims by id, each once, in the body's order. */
function distinctClaims(planned: readonly PlannedEvent[]): Map<string, { tenantId: string; key: DedupeKey }> {
  const claims = new Map<string, { tenantId: string; key: DedupeKey }>();
  for (const item of planned) {
    if (!item.claim) continue;
    const id = dedupeIdOf(item.event.tenantId, item.claim);
    if (!claims.has(id)) claims.set(id, { tenantId: item.event.tenantId, key: item.claim });
  }
  return claims;
}

function idsWith(outcomes: ReadonlyMap<string, ClaimOutcome>, wanted: ClaimOutcome): Set<string> {
  return new Set([...outcomes].filter(([, outcome]) => outcome === wanted).map(([id]) => id));
}

/** Items without a claim, and the first item of each claim this body holds (repeats publish once). */
function firstOfEach(planned: readonly PlannedEvent[], won: ReadonlySet<string>): PlannedEvent[] {
  const taken = new Set<string>();
  return planned.filter((item) => {
    if (!item.claim) return true;
    const id = dedupeIdOf(item.event.tenantId, item.claim);
    if (!won.has(id) || taken.has(id)) return false;
    taken.add(id);
    return true;
  });
}

/**
 * Claims the keys, one claimAll per tenant (concurrently); returns each claim id's outcome. What
 * this body holds is pushed to `held` as soon as it is, so that a failure of another tenant's
 * claim still releases it. A claimAll that failed may have stored some of its claims (the insert
 * is unordered): all its keys are released, since releasing a claim someone else holds at worst
 * republishes an event under its deterministic id, which downstream recognises.
 */
async function claimByTenant(
  claims: ReadonlyMap<string, { tenantId: string; key: DedupeKey }>,
  deps: IngestDeps,
  nowMs: number,
  held: TenantKeys[],
): Promise<Map<string, ClaimOutcome>> {
  const byTenant = new Map<string, { id: string; key: DedupeKey }[]>();
  for (const [id, { tenantId, key }] of claims) {
    const list = byTenant.get(tenantId);
    if (list) list.push({ id, key });
    else byTenant.set(tenantId, [{ id, key }]);
  }
  const options = { nowMs, takeOverBeforeMs: nowMs - deps.publishTimeoutMs - deps.claimTakeoverMarginMs };
  const outcomes = new Map<string, ClaimOutcome>();
  const results = await Promise.allSettled(
    [...byTenant].map(async ([tenantId, items]) => {
      const keys = items.map((item) => item.key);
      const answers = await deps.dedupe.claimAll(tenantId, keys, options).catch((error: unknown) => {
        held.push({ tenantId, keys });
        throw error;
      });
      for (const [index, item] of items.entries()) outcomes.set(item.id, answers[index] ?? "pending");
      held.push({ tenantId, keys: items.filter((_, index) => answers[index] === "claimed").map((item) => item.key) });
    }),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes;
}

async function releaseAll(held: readonly TenantKeys[], deps: IngestDeps): Promise<void> {
  const results = await Promise.allSettled(
    held.filter((c) => c.keys.length > 0).map((c) => deps.dedupe.releaseAll(c.tenantId, c.keys)),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  // Harmless for correctness: the claims stay provisional and are taken over past the cutoff.
  if (failed > 0) deps.logger.error({ failed }, "could not release upstream dedupe claims after a failed publish");
}
