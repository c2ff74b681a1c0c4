// The retention job: for every tenant with a retention period, deletes its messages older than
// that many days, in bounded batches (a round never holds more than `batchSize` ids), and records
// the counts per tenant. It stops between batches when its AbortSignal fires; whatever it did not
// reach the next run deletes, so an interrupted run loses nothing. It must never delete a message
// of a tenant without a retention period, nor one younger than the tenant's cutoff. The policies
// and run counts are the privacy store's; the messages are the conversation store's to delete.
import { abortablePause, type Logger } from "@switchboard/kit";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { PrivacyStore } from "./privacy-store.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionDeps {
  privacy: Pick<PrivacyStore, "tenantsWithRetention" | "recordRetentionRun">;
  conversations: Pick<ConversationStore, "deleteMessagesBefore">;
  clock: () => number;
  batchSize: number;
}

export async function runRetention(
  deps: RetentionDeps,
  signal?: AbortSignal,
): Promise<{ tenantId: string; deleted: number }[]> {
  const results: { tenantId: string; deleted: number }[] = [];
  for (const { tenantId, retentionDays } of await deps.privacy.tenantsWithRetention()) {
    if (signal?.aborted) break;
    const scope = { tenantId, businessId: "" };
    const nowMs = deps.clock();
    const cutoffMs = nowMs - retentionDays * DAY_MS;
    let deleted = 0;
    for (;;) {
      const count = await deps.conversations.deleteMessagesBefore(scope, cutoffMs, deps.batchSize);
      deleted += count;
      if (count < deps.batchSize || signal?.aborted) break;
    }
    await deps.privacy.recordRetentionRun(scope, nowMs, deleted);
    results.push({ tenantId, deleted });
  }
  return results;
}

/** Runs the job every `intervalMs` until stopped; stop() waits for the round in flight. */
export function startRetentionJob(deps: RetentionDeps & { intervalMs: number; logger: Logger }) {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const results = await runRetention(deps, stopping.signal);
        const deleted = results.reduce((sum, r) => sum + r.deleted, 0);
        if (deleted > 0) deps.logger.info({ tenants: results.length, deleted }, "retention run deleted messages");
      } catch (error) {
        deps.logger.error({ err: error }, "retention run failed; the next run retries");
      }
      await abortablePause(deps.intervalMs, stopping.signal);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
