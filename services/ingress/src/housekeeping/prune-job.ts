// The prune job: deletes what ingress keeps only for a while — idempotency keys, upstream dedupe
// claims, parked webhook deliveries — from each store that owns them (Prunable), on a timer with
// jitter so replicas do not run in step. Each run asks every target for pages of what is past its
// retention while they come back full, at most `maxPagesPerRun` pages of `pageSize` documents
// each: a run's cost is bounded however much is owed, and the next run goes on with the rest.
// Failures are logged and the next run retries; a run never overlaps the previous one.
import type { Logger, SubscriptionHandle } from "@switchboard/kit";
import type { Prunable } from "./prunable.ts";

export interface PruneTarget {
  name: string;
  store: Prunable;
  /** Documents older than this are deleted. */
  retentionMs: number;
}

export interface PruneJobOptions {
  targets: readonly PruneTarget[];
  pageSize: number;
  maxPagesPerRun?: number;
  now?: () => number;
  logger: Logger;
}

export interface PruneJob {
  /** One run over every target: documents deleted, by target name. */
  run(): Promise<Record<string, number>>;
}

export function createPruneJob(options: PruneJobOptions): PruneJob {
  const now = options.now ?? Date.now;
  const maxPages = options.maxPagesPerRun ?? 100;
  return {
    async run() {
      const deleted: Record<string, number> = {};
      for (const target of options.targets) {
        const cutoffMs = now() - target.retentionMs;
        let count = 0;
        try {
          for (let page = 0; page < maxPages; page += 1) {
            const result = await target.store.prunePage(cutoffMs, options.pageSize);
            count += result.deleted;
            if (!result.more) break;
          }
        } catch (error) {
          options.logger.warn({ err: error, target: target.name }, "prune run failed; the next run retries");
        }
        deleted[target.name] = count;
      }
      return deleted;
    },
  };
}

/** Runs the job every `intervalMs` plus up to 20 % jitter until stopped. */
export function startPruneJob(
  job: PruneJob,
  options: { intervalMs: number; random?: () => number; logger: Logger },
): SubscriptionHandle {
  const random = options.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, options.intervalMs * (1 + 0.2 * random()));
    timer.unref();
  };
  const tick = () => {
    running = job
      .run()
      .then((deleted) => options.logger.debug({ deleted }, "pruned"))
      .catch((error: unknown) => options.logger.warn({ err: error }, "prune run failed"))
      .finally(schedule);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
