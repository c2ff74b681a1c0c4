import { describe, expect, it } from "vitest";
import { MAX_STATUS_DETAILS, statusDetails } from "./status-details.ts";

describe("statusDetails", () => {
  it("keeps a short message and cuts a long one to the limit", () => {
    expect(statusDetails("unknown order status x")).toBe("unknown order status x");
    expect(statusDetails("x".repeat(70_000))).toHaveLength(MAX_STATUS_DETAILS + 1);
  });

  it("never leaves a lone surrogate, which grpc-js cannot percent-encode", () => {
    const cut = statusDetails("🏳️‍🌈".repeat(10_000));
    expect(() => encodeURIComponent(cut)).not.toThrow();
    expect(() => encodeURIComponent(statusDetails("order \uD800 unknown"))).not.toThrow();
  });
});
