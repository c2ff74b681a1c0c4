// A token bucket with lazy refill: `capacity` tokens, refilled at `perSecond`. Pure arithmetic on
// a clock value passed in, so tests need no timers. It never goes negative: a refused take costs
// nothing.

export interface TokenBucket {
  capacity: number;
  perSecond: number;
  tokens: number;
  updatedAtMs: number;
}

export function newBucket(capacity: number, perSecond: number, nowMs: number): TokenBucket {
  return { capacity, perSecond, tokens: capacity, updatedAtMs: nowMs };
}

export function refill(bucket: TokenBucket, nowMs: number): void {
  const elapsed = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsed * bucket.perSecond);
  bucket.updatedAtMs = nowMs;
}

/** Whole seconds until one token is available (0 when one is). Retry-After takes whole seconds. */
export function secondsUntilToken(bucket: TokenBucket): number {
  if (bucket.tokens >= 1) return 0;
  return Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.perSecond));
}

/** True when the bucket is full again: its state carries no information and can be dropped. */
export function isIdle(bucket: TokenBucket, nowMs: number): boolean {
  refill(bucket, nowMs);
  return bucket.tokens >= bucket.capacity;
}
