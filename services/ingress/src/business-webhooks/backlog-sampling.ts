// The backlog guard's sampling loop. A sample is one grouped read of the whole work queue, which
// FerretDB v1 serves by reading and decoding every pending delivery: 23 s each in a full fault
// audit with a large backlog, every 30 s per replica, so the busier the store, the more of it the
// samples took, and the backlog grew faster still. The pause after a slow sample is therefore
// nine times what it took (duty-cycle.ts).
import { abortablePause, type Logger } from "@switchboard/kit";
import type { BacklogGuard } from "./backlog-guard.ts";
import { pauseAfterScan } from "./duty-cycle.ts";

/** Re-reads the backlog now and then every `intervalMs` (or later) until `signal` aborts; never throws. */
export async function sampleBacklog(
  backlog: Pick<BacklogGuard, "sample">,
  intervalMs: number,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  while (!signal.aborted) {
    const startedAt = performance.now();
    await backlog.sample().catch((error: unknown) => logger.warn({ err: error }, "webhook backlog sample failed"));
    const delayMs = pauseAfterScan(intervalMs, performance.now() - startedAt);
    await abortablePause(delayMs, signal);
  }
}
