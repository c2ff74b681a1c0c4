// When a failed webhook delivery is tried again, and when it is given up and parked: exponential
// backoff with "equal jitter" (half fixed, half random, so replicas retrying one endpoint spread
// out), capped, within a retry window that starts when the delivery was first queued (or replayed).
// Pure: the clock and the random source are arguments.

export interface RetryPolicy {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** How long after the window start a delivery may still be retried: 7 days, as Meta does. */
  maxRetryAgeMs: number;
}

/** Delay before attempt `failedAttempts + 1`, given that `failedAttempts` (≥ 1) have failed. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number, random: () => number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type NextStep = { kind: "retry"; atMs: number } | { kind: "park" };

/** After a failure: retry at a time still inside the window, or park. */
export function afterFailure(
  policy: RetryPolicy,
  delivery: { attempts: number; windowStartMs: number },
  nowMs: number,
  random: () => number,
): NextStep {
  const failedAttempts = delivery.attempts + 1;
  const atMs = nowMs + backoffMs(policy, failedAttempts, random);
  return atMs > delivery.windowStartMs + policy.maxRetryAgeMs ? { kind: "park" } : { kind: "retry", atMs };
}
