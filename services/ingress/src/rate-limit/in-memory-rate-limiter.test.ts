import { describe, expect, it } from "vitest";
import { createInMemoryRateLimiter, type RateLimitOptions } from "./in-memory-rate-limiter.ts";

function limiter(overrides: Partial<RateLimitOptions> = {}) {
  const clock = { ms: 1_000_000 };
  const rateLimiter = createInMemoryRateLimiter({
    defaultMps: 80,
    maxMps: 1000,
    replicas: 1,
    pairBurst: 6,
    pairIntervalMs: 6000,
    now: () => clock.ms,
    ...overrides,
  });
  return { rateLimiter, clock };
}

const allowedOf = (decisions: { allowed: boolean }[]) => decisions.filter((d) => d.allowed).length;

describe("in-memory rate limiter", () => {
  it("lets a number send its messages per second, then refuses with a Retry-After", () => {
    const { rateLimiter } = limiter();
    const decisions = Array.from({ length: 100 }, (_, i) => rateLimiter.takeSend("p1", 80, `r${i}`));
    expect(allowedOf(decisions)).toBe(80);
    expect(decisions[80]).toEqual({ allowed: false, limit: "throughput", retryAfterSeconds: 1 });
  });

  it("refills over time and keeps numbers apart", () => {
    const { rateLimiter, clock } = limiter();
    for (let i = 0; i < 80; i += 1) rateLimiter.take("p1");
    expect(rateLimiter.take("p1").allowed).toBe(false);
    expect(rateLimiter.take("p2").allowed).toBe(true);
    clock.ms += 500;
    expect(allowedOf(Array.from({ length: 50 }, () => rateLimiter.take("p1")))).toBe(40);
  });

  it("counts inbound (take) and outbound (takeSend) on the same budget", () => {
    const { rateLimiter } = limiter();
    for (let i = 0; i < 80; i += 1) rateLimiter.take("p1", 80);
    expect(rateLimiter.takeSend("p1", 80, "r1")).toMatchObject({ allowed: false, limit: "throughput" });
  });

  it("honours a number's configured rate, capped at 1,000, and divides by replicas", () => {
    const fast = limiter().rateLimiter;
    expect(allowedOf(Array.from({ length: 2000 }, (_, i) => fast.takeSend("p1", 5000, `r${i}`)))).toBe(1000);
    const shared = limiter({ replicas: 4 }).rateLimiter;
    expect(allowedOf(Array.from({ length: 100 }, (_, i) => shared.takeSend("p1", 80, `r${i}`)))).toBe(20);
  });

  it("remembers the rate an outbound send named for later inbound takes", () => {
    const { rateLimiter } = limiter();
    rateLimiter.takeSend("p1", 200, "r0");
    expect(allowedOf(Array.from({ length: 300 }, () => rateLimiter.take("p1")))).toBe(199);
  });

  it("applies the pair rate per recipient: a burst of 6, then one per 6 seconds", () => {
    const { rateLimiter, clock } = limiter();
    const burst = Array.from({ length: 8 }, () => rateLimiter.takeSend("p1", 80, "alice"));
    expect(allowedOf(burst)).toBe(6);
    expect(burst[6]).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 6 });
    expect(rateLimiter.takeSend("p1", 80, "bob").allowed).toBe(true);
    clock.ms += 6000;
    expect(rateLimiter.takeSend("p1", 80, "alice").allowed).toBe(true);
    expect(rateLimiter.takeSend("p1", 80, "alice").allowed).toBe(false);
  });

  it("does not charge the number for a message the pair rate refused", () => {
    const { rateLimiter } = limiter({ defaultMps: 10, pairBurst: 1 });
    rateLimiter.takeSend("p1", 10, "alice");
    for (let i = 0; i < 20; i += 1) rateLimiter.takeSend("p1", 10, "alice");
    expect(allowedOf(Array.from({ length: 20 }, (_, i) => rateLimiter.takeSend("p1", 10, `r${i}`)))).toBe(9);
  });

  it("forgets idle buckets so memory follows active pairs", () => {
    const { rateLimiter, clock } = limiter();
    for (let i = 0; i < 9_999; i += 1) rateLimiter.takeSend("p1", 1000, `r${i}`);
    expect(rateLimiter.size).toBeGreaterThan(1000);
    clock.ms += 60_000;
    rateLimiter.take("p2");
    expect(rateLimiter.size).toBeLessThan(5);
  });
});
