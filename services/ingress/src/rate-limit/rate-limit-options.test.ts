// The pair rate's settings come from the ingress config: Meta's rule unless the operator says
// otherwise through PAIR_RATE_BURST / PAIR_RATE_INTERVAL_MS.
import { describe, expect, it } from "vitest";
import { loadIngressConfig } from "../config.ts";
import { rateLimitOptionsOf } from "./in-memory-rate-limiter.ts";

const required = {
  ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
  KAFKA_BROKERS: "127.0.0.1:9092",
  MONGODB_URI: "mongodb://127.0.0.1:27017/",
};

describe("rate limit options from the ingress config", () => {
  it("default to Meta's pair rule: bursts of 45, one message per 6 s", () => {
    expect(rateLimitOptionsOf(loadIngressConfig(required))).toMatchObject({
      pairBurst: 45,
      pairIntervalMs: 6_000,
      replicas: 1,
    });
  });

  it("take the operator's burst, interval and replica count", () => {
    const config = loadIngressConfig({
      ...required,
      PAIR_RATE_BURST: "10",
      PAIR_RATE_INTERVAL_MS: "2000",
      RATE_LIMIT_REPLICAS: "2",
    });
    expect(rateLimitOptionsOf(config)).toMatchObject({ pairBurst: 10, pairIntervalMs: 2_000, replicas: 2 });
  });

  it("refuse a burst below one, naming the variable", () => {
    expect(() => loadIngressConfig({ ...required, PAIR_RATE_BURST: "0" })).toThrow(/PAIR_RATE_BURST/);
  });
});
