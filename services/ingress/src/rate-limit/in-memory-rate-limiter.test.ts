import { describe, expect, it } from "vitest";
import { loadIngressConfig } from "../config.ts";
import { createInMemoryRateLimiter, type RateLimitOptions, rateLimitOptionsOf } from "./in-memory-rate-limiter.ts";

/** The options ingress boots with when nothing is configured: Meta's limits. */
const configured = rateLimitOptionsOf(
  loadIngressConfig({
    ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
    KAFKA_BROKERS: "127.0.0.1:9092",
    MONGODB_URI: "mongodb://127.0.0.1:27017/",
  }),
);

function limiter(overrides: Partial<RateLimitOptions> = {}) {
  const clock = { ms: 1_000_000 };
  const rateLimiter = createInMemoryRateLimiter({ ...configured, now: () => clock.ms, ...overrides });
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

  it("lets one pair burst 45 messages at once, then refuses the 46th as the pair rate, Retry-After 6", () => {
    const { rateLimiter } = limiter();
    const burst = Array.from({ length: 46 }, () => rateLimiter.takeSend("p1", 80, "alice"));
    expect(allowedOf(burst.slice(0, 45))).toBe(45);
    expect(burst[45]).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 6 });
    // Another recipient of the same number, and the same recipient of another number, are other pairs.
    expect(rateLimiter.takeSend("p1", 80, "bob").allowed).toBe(true);
    expect(rateLimiter.takeSend("p2", 80, "alice").allowed).toBe(true);
  });

  it("repays a spent burst at one message per 6 seconds, and says how long until the next", () => {
    const { rateLimiter, clock } = limiter();
    expect(allowedOf(Array.from({ length: 45 }, () => rateLimiter.takeSend("p1", 80, "alice")))).toBe(45);
    clock.ms += 3_000;
    expect(rateLimiter.takeSend("p1", 80, "alice")).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 3 });
    clock.ms += 2_999;
    expect(rateLimiter.takeSend("p1", 80, "alice")).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 1 });
    clock.ms += 1;
    expect(rateLimiter.takeSend("p1", 80, "alice").allowed).toBe(true);
    expect(rateLimiter.takeSend("p1", 80, "alice")).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 6 });
    clock.ms += 12_000;
    const afterTwelve = Array.from({ length: 3 }, () => rateLimiter.takeSend("p1", 80, "alice"));
    expect(afterTwelve.map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it("refills a partly used burst and never saves up more than 45", () => {
    const { rateLimiter, clock } = limiter();
    for (let i = 0; i < 30; i += 1) rateLimiter.takeSend("p1", 80, "alice");
    clock.ms += 60_000; // 10 more tokens: 15 + 10 left
    expect(allowedOf(Array.from({ length: 30 }, () => rateLimiter.takeSend("p1", 80, "alice")))).toBe(25);
    clock.ms += 3_600_000;
    expect(allowedOf(Array.from({ length: 60 }, () => rateLimiter.takeSend("p1", 80, "alice")))).toBe(45);
  });

  it("passes a client library's test run of 25 sends to one number within five seconds", () => {
    const { rateLimiter, clock } = limiter();
    const decisions = Array.from({ length: 25 }, () => {
      clock.ms += 200;
      return rateLimiter.takeSend("p1", 80, "16505550123");
    });
    expect(allowedOf(decisions)).toBe(25);
  });

  it("splits the pair burst and its refill across replicas", () => {
    const { rateLimiter, clock } = limiter({ replicas: 3 });
    expect(allowedOf(Array.from({ length: 20 }, () => rateLimiter.takeSend("p1", 1000, "alice")))).toBe(15);
    expect(rateLimiter.takeSend("p1", 1000, "alice")).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 18 });
    clock.ms += 18_000;
    expect(rateLimiter.takeSend("p1", 1000, "alice").allowed).toBe(true);
  });

  it("uses the configured burst and interval", () => {
    const { rateLimiter, clock } = limiter({ pairBurst: 2, pairIntervalMs: 1_000 });
    const decisions = Array.from({ length: 3 }, () => rateLimiter.takeSend("p1", 80, "alice"));
    expect(decisions[2]).toEqual({ allowed: false, limit: "pair", retryAfterSeconds: 1 });
    clock.ms += 1_000;
    expect(rateLimiter.takeSend("p1", 80, "alice").allowed).toBe(true);
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
