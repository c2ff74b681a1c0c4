// How long to wait before retrying a throttled or failed upstream call: exponential backoff with
// full jitter (spreads retries of many senders apart), never less than the upstream's
// `Retry-After` when it sent one, never more than the cap.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; undefined when absent or invalid. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Delay before retry number `attempt` (1 = first retry); `random` in [0, 1). */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: number,
  retryAfter: number | undefined,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random * ceiling);
  return Math.min(policy.maxMs, Math.max(jittered, retryAfter ?? 0));
}
