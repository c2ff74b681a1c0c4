// The delivery loop: leases due deliveries from the store, groups them by business, sends each
// group as signed POSTs (several in flight), and settles each delivery (delivered, retried later, or parked).
// Rounds lease by key what the worker knows is due (delivery-hints.ts: what its intake queued,
// what it rescheduled, what its last scan found). A scan (DeliveryStore.dueSample: a sample of
// the due queue, claimed nothing, added to the hints) runs every `scanIntervalMs` (less often
// when scans are slow), again as soon as the hints run dry after a full sample of deliveries they
// did not name (a backlog from before a restart, another replica's after its crash), and soon
// after a replay.
// A parking is written to the store first and then published as a dead letter (WebhookDeliveryParked);
// beside the rounds, a sweep re-publishes, bounded, parkings whose publish failed before (when one
// failed here, else once a minute or less often when sweeps are slow).
// Runs until its AbortSignal fires; every round is bounded. It never holds a Kafka partition:
// the intake has already made each delivery durable before its offset was committed.
import { randomUUID } from "node:crypto";
import { abortablePause, type EventBus, type Logger, type TenantScope } from "@switchboard/kit";
import { createDeliveryHints } from "./delivery-hints.ts";
import type { Delivery, DeliveryStore, Retry } from "./delivery-store.ts";
import { pauseAfterScan } from "./duty-cycle.ts";
import { createParkedAnnouncer } from "./parked-announcer.ts";
import { afterFailure, type RetryPolicy } from "./retry-schedule.ts";
import { webhookBody } from "./webhook-body.ts";
import type { WebhookPoster } from "./webhook-poster.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

/** How often a worker sweeps for unannounced parkings it does not know of (another replica's). */
const SWEEP_INTERVAL_MS = 60_000;

export interface DeliveryWorkerOptions {
  store: DeliveryStore;
  subscriptions: Pick<SubscriptionStore, "get">;
  post: WebhookPoster;
  /** Where parked deliveries' dead letters are published. */
  bus: Pick<EventBus, "publish">;
  policy: RetryPolicy;
  /** Most events in one POST (1, as Meta sends them, unless a business's parser reads them all). */
  batchSize: number;
  /** POSTs to one business in flight at once. */
  postsInFlight: number;
  /** Most deliveries leased per round. */
  claimLimit: number;
  /** Most deliveries of one business leased per round (fair shares: see fair-shares.ts). */
  perBusiness: number;
  /** How long a lease lasts; must exceed the POST timeout so a live sender keeps its claim. */
  leaseMs: number;
  pollIntervalMs: number;
  /**
   * Longest time between two scans of the work queue (DeliveryStore.dueSample), which find what the
   * worker's hints do not name: another replica's deliveries after it crashed, leases that ran
   * out, deliveries queued before this process started.
   */
  scanIntervalMs: number;
  /** Most deliveries the worker remembers as hints (default 20,000); the rest are left to the scan. */
  maxHints?: number;
  /** Most due deliveries one scan reads (default 4,000; see the Mongo adapter's DUE_SCAN_LIMIT). */
  scanSample?: number;
  /** Wait after a wake-up, so events arriving together share a POST. */
  lingerMs: number;
  /** How long delivered markers stay to absorb redelivered Kafka records. */
  deliveredRetentionMs: number;
  /**
   * How often markers past their retention are purged. On FerretDB v1 a purge that finds none
   * reads every marker and claim (no index serves it), so far less often than a round.
   */
  purgeIntervalMs: number;
  /** Businesses served at once in a round. */
  concurrency: number;
  clock: () => number;
  random: () => number;
  logger: Logger;
}

export interface DeliveryWorker {
  /** One round; resolves to the number of deliveries it settled. */
  runOnce(): Promise<number>;
  /** Rounds until `signal` aborts; resolves once the round in flight has settled. */
  run(signal: AbortSignal): Promise<void>;
  /** New work was queued: run a round soon instead of at the next poll. */
  wake(): void;
  /** This process's intake queued these deliveries, due now: remembered as hints, and a round soon. */
  queued(scope: TenantScope, deliveryIds: readonly string[]): void;
  /** Deliveries became due that no hint names (a replay, another intake): scan the queue soon. */
  scanSoon(): void;
  /** Resolves once the parked sweep and the marker purge running beside the rounds are done. */
  settled(): Promise<void>;
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, logger } = options;
  const announcer = createParkedAnnouncer({ store, bus: options.bus, logger });
  let wakeUp: (() => void) | undefined;
  let woken = false;
  // Businesses whose endpoint answered in the last round: what they missed while down is claimed
  // now rather than after its backoff. A failure takes the business out again.
  const reachable = new Map<string, TenantScope>();
  let capped = false;
  let nextSweepAt = Number.NEGATIVE_INFINITY;
  let sweepPausedUntil = Number.NEGATIVE_INFINITY;
  // What runs beside the rounds (see startSweep and run): awaited by settled() and at the end of run().
  let sweeping: Promise<void> | undefined;
  let purging: Promise<void> | undefined;
  const hints = createDeliveryHints(options.maxHints ?? 20_000);
  let nextScanAt = Number.NEGATIVE_INFINITY;
  let scanSoonAsked = false;
  let scanAgain = false;
  const scanSample = options.scanSample ?? 4_000;

  /**
   * One scan: its sample becomes hints. A full sample mostly of deliveries the hints did not name
   * means more of them lie beyond it: scan again as soon as the hints have nothing due.
   */
  async function scanIntoHints(at: number, hurried: readonly TenantScope[]) {
    scanSoonAsked = false;
    const startedAt = performance.now();
    // The scan reads the work queue, which FerretDB v1 serves by no index: with a backlog mostly
    // not yet due it read up to its 50 s time limit in a full audit. The next periodic one waits
    // longer after a slow one (duty-cycle.ts); the rounds meanwhile go on with their hints.
    const sample = await store.dueSample(at, scanSample, hurried).finally(() => {
      nextScanAt = options.clock() + pauseAfterScan(options.scanIntervalMs, performance.now() - startedAt);
    });
    const unknown = sample.filter((ref) => !hints.has(ref.scope, ref.deliveryId)).length;
    scanAgain = sample.length >= scanSample && unknown * 2 >= sample.length;
    const byBusiness = new Map<string, { scope: TenantScope; due: { deliveryId: string; dueAtMs: number }[] }>();
    for (const ref of sample) {
      const key = `${ref.scope.tenantId}/${ref.scope.businessId}`;
      const entry = byBusiness.get(key) ?? { scope: ref.scope, due: [] };
      entry.due.push({ deliveryId: ref.deliveryId, dueAtMs: ref.dueAtMs });
      byBusiness.set(key, entry);
    }
    for (const { scope, due } of byBusiness.values()) hints.add(scope, due);
  }

  async function settleFailure(scope: TenantScope, token: string, batch: readonly Delivery[], error: string) {
    const now = options.clock();
    const retries: Retry[] = [];
    const expired: Delivery[] = [];
    for (const delivery of batch) {
      const step = afterFailure(options.policy, delivery, now, options.random);
      if (step.kind === "retry") retries.push({ deliveryId: delivery.deliveryId, atMs: step.atMs });
      else expired.push(delivery);
    }
    // Every retry of the business's round in one store write. Parkings stay one write each: only
    // the end of a retry window parks, and each needs to know it still held the lease before its
    // dead letter is published.
    if (retries.length > 0) {
      await store.reschedule(scope, token, retries, error);
      hints.add(
        scope,
        retries.map((retry) => ({ deliveryId: retry.deliveryId, dueAtMs: retry.atMs })),
      );
    }
    for (const delivery of expired) {
      // Parked in the store first: if the publish below fails, sweep() finds it next round.
      if (!(await store.park(scope, delivery.deliveryId, token, now, error))) continue;
      logger.warn({ ...scope, deliveryId: delivery.deliveryId, error }, "webhook delivery parked after retry window");
      await announcer.announce({
        ...delivery,
        state: "parked",
        attempts: delivery.attempts + 1,
        parkedAtMs: now,
        parkedPublished: false,
        lastError: error,
      });
    }
  }

  async function serveBusiness(token: string, group: readonly Delivery[]) {
    const first = group[0];
    if (!first) return;
    const scope = { tenantId: first.tenantId, businessId: first.businessId };
    const subscription = await options.subscriptions.get(scope);
    const key = `${scope.tenantId}/${scope.businessId}`;
    if (!subscription) {
      await settleFailure(scope, token, group, "no webhook subscription");
      return;
    }
    // Several POSTs of one business in flight at once (one change each by default, as Meta sends
    // them: client libraries read only `entry[0].changes[0]`), settled together: one store write
    // for every delivered one. Once a POST failed, the business's remaining POSTs of the round
    // fail the same way without waiting for another timeout: a down endpoint costs one per round.
    const posts: Delivery[][] = [];
    for (let start = 0; start < group.length; start += options.batchSize) {
      posts.push(group.slice(start, start + options.batchSize));
    }
    const delivered: string[] = [];
    const failed: Delivery[] = [];
    let failure: string | undefined;
    const lane = async () => {
      for (let batch = posts.shift(); batch; batch = posts.shift()) {
        if (failure !== undefined) {
          failed.push(...batch);
          continue;
        }
        const body = webhookBody(
          scope.businessId,
          batch.map((d) => d.changeJson),
        );
        const outcome = await options.post({ url: subscription.callbackUrl, body, appSecret: subscription.appSecret });
        if (outcome.ok) {
          delivered.push(...batch.map((d) => d.deliveryId));
        } else {
          failure ??= outcome.error;
          failed.push(...batch);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.postsInFlight, posts.length) }, lane));
    if (delivered.length > 0) await store.markDelivered(scope, delivered, options.clock());
    if (failure === undefined) reachable.set(key, scope);
    else {
      reachable.delete(key);
      await settleFailure(scope, token, failed, failure);
    }
  }

  async function runOnce(): Promise<number> {
    const token = randomUUID();
    startSweep();
    const hurried = [...reachable.values()];
    reachable.clear();
    const at = options.clock();
    if (scanSoonAsked || at >= nextScanAt) await scanIntoHints(at, hurried);
    let known = hints.take(at, options.claimLimit, options.perBusiness, hurried);
    if (known.length === 0 && scanAgain) {
      await scanIntoHints(at, hurried);
      known = hints.take(at, options.claimLimit, options.perBusiness, hurried);
    }
    const claimed = known.length > 0 ? await store.claimKnown(token, at, options.leaseMs, known, hurried) : [];
    const groups = new Map<string, Delivery[]>();
    for (const delivery of claimed) {
      const key = `${delivery.tenantId}/${delivery.businessId}`;
      groups.set(key, [...(groups.get(key) ?? []), delivery]);
    }
    const queue = [...groups.values()];
    const lanes = Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        await serveBusiness(token, group).catch((error: unknown) => {
          // The lease expires and another round retries these; nothing is lost.
          logger.error({ err: error }, "webhook delivery round failed for a business");
        });
      }
    });
    await Promise.all(lanes);
    // A business that got its whole share may have more due: the next round comes at once.
    capped = [...groups.values()].some((group) => group.length >= options.perBusiness);
    return claimed.length;
  }

  /**
   * The sweep is a scan on FerretDB v1: only when this worker owes one, or now and then for what
   * another replica left unannounced, and beside the rounds, never in their way (in line, a sweep
   * that ran into its time limit held up every round for 50 s of each minute in a full audit).
   */
  function startSweep() {
    const now = options.clock();
    if (sweeping !== undefined || now < sweepPausedUntil || !(announcer.owed() || now >= nextSweepAt)) return;
    const startedAt = performance.now();
    sweeping = announcer
      .sweep(options.claimLimit)
      .then(
        () => {},
        (error: unknown) => logger.warn({ err: error }, "parked-delivery sweep failed; tried again later"),
      )
      .finally(() => {
        const tookMs = performance.now() - startedAt;
        // A sweep that finds nothing parked reads the whole work queue on FerretDB v1 (50 s, its
        // time limit, under the full fault audit's backlog): see duty-cycle.ts.
        // An owed sweep (a publish failed here) goes again next round unless this one was slow.
        const at = options.clock();
        nextSweepAt = at + pauseAfterScan(SWEEP_INTERVAL_MS, tookMs);
        sweepPausedUntil = at + pauseAfterScan(0, tookMs);
        sweeping = undefined;
      });
  }

  function wake() {
    woken = true;
    wakeUp?.();
  }

  async function pause(ms: number, signal: AbortSignal, wakeable: boolean): Promise<void> {
    const arm = (wake: () => void) => {
      wakeUp = wake;
    };
    await abortablePause(ms, signal, wakeable ? arm : undefined);
    wakeUp = undefined;
  }

  return {
    runOnce,
    wake,
    async settled() {
      await Promise.all([purging, sweeping]);
    },
    queued(scope, deliveryIds) {
      const now = options.clock();
      hints.add(
        scope,
        deliveryIds.map((deliveryId) => ({ deliveryId, dueAtMs: now })),
      );
      wake();
    },
    scanSoon() {
      scanSoonAsked = true;
      wake();
    },
    async run(signal) {
      let lastPurge = Number.NEGATIVE_INFINITY; // the first round purges
      while (!signal.aborted) {
        let settled = 0;
        try {
          const now = options.clock();
          // Beside the rounds, never in their way: the purge scans every marker and claim (FerretDB
          // v1 serves its time filters by no index), about 20 s of every minute in a full fault
          // audit when it ran every minute, during which no delivery was claimed while it ran in line.
          if (now - lastPurge >= options.purgeIntervalMs && purging === undefined) {
            lastPurge = now;
            purging = store
              .purgeDelivered(now - options.deliveredRetentionMs)
              .catch((error: unknown) =>
                logger.warn({ err: error }, "delivered-marker purge failed; tried next minute"),
              )
              .finally(() => {
                purging = undefined;
              });
          }
          woken = false;
          settled = await runOnce();
        } catch (error) {
          logger.error({ err: error }, "webhook delivery round failed");
        }
        // A full round, a business with more than its share due, or an endpoint that just came
        // back with a backlog: go again at once.
        if (signal.aborted || settled >= options.claimLimit || reachable.size > 0 || capped) continue;
        if (!woken) await pause(options.pollIntervalMs, signal, true);
        if (woken && !signal.aborted) await pause(options.lingerMs, signal, false);
      }
      await Promise.all([purging, sweeping]);
    },
  };
}
