// The RateLimiter port: Meta's throughput limits per business phone number (messages per second,
// inbound and outbound together) and the pair rate per (number, recipient). Callers ask before
// they do the work; a refusal says which limit and when to retry. It never throws and never
// does I/O, so it can sit on every request's hot path.

export type RateLimit = "throughput" | "pair";

export type RateDecision = { allowed: true } | { allowed: false; limit: RateLimit; retryAfterSeconds: number };

export interface RateLimiter {
  /**
   * Counts one message on a number's throughput budget (inbound webhooks call this). The number's
   * configured rate is used when given, else the last rate seen for it, else the default.
   */
  take(phoneNumberId: string, throughputMps?: number): RateDecision;
  /** Counts one outbound message: the number's throughput and the pair rate to `recipient`. */
  takeSend(phoneNumberId: string, throughputMps: number, recipient: string): RateDecision;
}
