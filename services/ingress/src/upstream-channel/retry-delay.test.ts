import { describe, expect, it } from "vitest";
import { retryAfterMs, retryDelayMs } from "./retry-delay.ts";

const policy = { baseMs: 200, maxMs: 10_000 };

describe("retry delays", () => {
  it("grows exponentially with full jitter under a ceiling", () => {
    expect(retryDelayMs(1, policy, 0.999, undefined)).toBe(199);
    expect(retryDelayMs(3, policy, 0.999, undefined)).toBe(799);
    expect(retryDelayMs(3, policy, 0, undefined)).toBe(0);
    expect(retryDelayMs(20, policy, 0.5, undefined)).toBe(5_000);
  });

  it("waits at least Retry-After, but no longer than the cap", () => {
    expect(retryDelayMs(1, policy, 0.1, 3_000)).toBe(3_000);
    expect(retryDelayMs(1, policy, 0.1, 60_000)).toBe(10_000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2_000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-1", now)).toBeUndefined();
  });
});
