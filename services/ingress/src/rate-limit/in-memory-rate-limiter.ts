// In-memory adapter of the RateLimiter: one token bucket per business number (throughput) and one
// per (number, recipient) (pair rate), in this process only. With N ingress replicas each one
// enforces rate / N (RATE_LIMIT_REPLICAS), which is exact only when the load balancer spreads
// requests evenly; a shared store (Redis or similar) is the later step. Idle buckets are swept
// so memory tracks active pairs, not every recipient ever seen.
import type { IngressConfig } from "../config.ts";
import type { RateDecision, RateLimiter } from "./rate-limiter.ts";
import { isIdle, newBucket, refill, secondsUntilToken, type TokenBucket } from "./token-bucket.ts";

export interface RateLimitOptions {
  /** Messages per second per number when the number sets none (Meta's default: 80). */
  defaultMps: number;
  /** Meta lets a number go up to 1,000 messages per second. */
  maxMps: number;
  replicas: number;
  /** Messages one (number, recipient) pair may send at once (Meta: 45). */
  pairBurst: number;
  /** How long the pair waits for each further message once the burst is spent (Meta: 6 s). */
  pairIntervalMs: number;
  now?: () => number;
}

/** Meta's defaults: 80 messages/s per number unless upgraded, at most 1,000. */
export const DEFAULT_THROUGHPUT_MPS = 80;
export const MAX_THROUGHPUT_MPS = 1_000;

export function rateLimitOptionsOf(config: IngressConfig): RateLimitOptions {
  return {
    defaultMps: DEFAULT_THROUGHPUT_MPS,
    maxMps: MAX_THROUGHPUT_MPS,
    replicas: config.RATE_LIMIT_REPLICAS,
    pairBurst: config.PAIR_RATE_BURST,
    pairIntervalMs: config.PAIR_RATE_INTERVAL_MS,
  };
}

const SWEEP_EVERY = 10_000;

export function createInMemoryRateLimiter(options: RateLimitOptions): RateLimiter & { readonly size: number } {
  const now = options.now ?? Date.now;
  const numbers = new Map<string, TokenBucket>();
  const pairs = new Map<string, TokenBucket>();
  const knownMps = new Map<string, number>();
  let takes = 0;

  const perReplica = (mps: number) => Math.min(Math.max(mps, 1), options.maxMps) / options.replicas;

  const numberBucket = (phoneNumberId: string, mps: number | undefined, at: number): TokenBucket => {
    if (mps !== undefined) knownMps.set(phoneNumberId, mps);
    const rate = perReplica(mps ?? knownMps.get(phoneNumberId) ?? options.defaultMps);
    let bucket = numbers.get(phoneNumberId);
    if (!bucket) {
      // One second's worth of burst, at least one message.
      bucket = newBucket(Math.max(1, rate), rate, at);
      numbers.set(phoneNumberId, bucket);
    }
    refill(bucket, at);
    if (bucket.perSecond !== rate) {
      bucket.perSecond = rate;
      bucket.capacity = Math.max(1, rate);
      bucket.tokens = Math.min(bucket.tokens, bucket.capacity);
    }
    return bucket;
  };

  // Meta's pair rule as a token bucket: a full bucket allows a burst of `pairBurst`; every sent
  // message borrows one token, repaid at one per `pairIntervalMs`. Both are split across replicas
  // like the throughput budget, so the pair's total stays Meta's wherever its requests land.
  const pairCapacity = Math.max(1, options.pairBurst / options.replicas);
  const pairPerSecond = 1000 / options.pairIntervalMs / options.replicas;

  const pairBucket = (key: string, at: number): TokenBucket => {
    let bucket = pairs.get(key);
    if (!bucket) {
      bucket = newBucket(pairCapacity, pairPerSecond, at);
      pairs.set(key, bucket);
    }
    refill(bucket, at);
    return bucket;
  };

  const sweep = (at: number) => {
    takes += 1;
    if (takes % SWEEP_EVERY !== 0) return;
    for (const [key, bucket] of pairs) if (isIdle(bucket, at)) pairs.delete(key);
    for (const [key, bucket] of numbers) if (isIdle(bucket, at)) numbers.delete(key);
  };

  return {
    get size() {
      return numbers.size + pairs.size;
    },
    take(phoneNumberId, throughputMps): RateDecision {
      const at = now();
      sweep(at);
      const bucket = numberBucket(phoneNumberId, throughputMps, at);
      if (bucket.tokens < 1) {
        return { allowed: false, limit: "throughput", retryAfterSeconds: secondsUntilToken(bucket) };
      }
      bucket.tokens -= 1;
      return { allowed: true };
    },
    takeSend(phoneNumberId, throughputMps, recipient): RateDecision {
      const at = now();
      sweep(at);
      const number = numberBucket(phoneNumberId, throughputMps, at);
      const pair = pairBucket(`${phoneNumberId}/${recipient}`, at);
      // Check both before taking either, so a refusal costs nothing on the other bucket.
      if (number.tokens < 1) {
        return { allowed: false, limit: "throughput", retryAfterSeconds: secondsUntilToken(number) };
      }
      if (pair.tokens < 1) return { allowed: false, limit: "pair", retryAfterSeconds: secondsUntilToken(pair) };
      number.tokens -= 1;
      pair.tokens -= 1;
      return { allowed: true };
    },
  };
}
