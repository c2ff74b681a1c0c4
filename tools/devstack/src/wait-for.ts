// Polls a probe until it passes, a precondition fails (the server died), or time runs out.
import { setTimeout as sleep } from "node:timers/promises";
import type { ProbeResult } from "./probes.ts";

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Checked before each probe; a string aborts the wait with that reason. */
  readonly giveUp?: () => string | null;
}

export type WaitResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function waitFor(probe: () => Promise<ProbeResult>, options: WaitOptions): Promise<WaitResult> {
  const deadline = Date.now() + options.timeoutMs;
  let lastReason = "never probed";
  for (;;) {
    const fatal = options.giveUp?.() ?? null;
    if (fatal !== null) return { ok: false, reason: fatal };
    const result = await probe();
    if (result.ok) return result;
    lastReason = result.reason;
    if (Date.now() >= deadline) {
      return { ok: false, reason: `not ready after ${options.timeoutMs / 1000} s (last error: ${lastReason})` };
    }
    await sleep(options.intervalMs);
  }
}
