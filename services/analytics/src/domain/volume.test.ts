import { describe, expect, it } from "vitest";
import { bucketStartOf, rollupKeyOf } from "./volume.ts";

describe("volume buckets", () => {
  it("puts a time in the UTC minute that contains it", () => {
    const minute = Date.UTC(2025, 0, 31, 23, 59);
    expect(bucketStartOf(minute)).toBe(minute);
    expect(bucketStartOf(minute + 59_999)).toBe(minute);
    expect(bucketStartOf(minute + 60_000)).toBe(minute + 60_000);
    expect(bucketStartOf(minute - 1)).toBe(minute - 60_000);
  });

  it("keys a rollup by tenant, phone number, direction and bucket", () => {
    expect(rollupKeyOf("t1", { phoneNumberId: "p1", direction: "inbound", bucketStartMs: 60_000 })).toBe(
      "t1/p1/inbound/60000",
    );
  });
});
