import { describe, expect, it } from "vitest";
import { rollupKey, T0 } from "../../test/support/volume-fixtures.ts";
import { advanceCursor, emptyCursor } from "./bucket-closing.ts";

const GRACE = 5 * 60_000;

describe("closing buckets", () => {
  it("keeps on-time keys open until the watermark passes end + grace, then closes each once", () => {
    const k0 = rollupKey({ bucketStartMs: T0 });
    const k1 = rollupKey({ bucketStartMs: T0 + 60_000 });
    const late = rollupKey({ bucketStartMs: T0 - 3_600_000, late: true });
    let step = advanceCursor(emptyCursor("t|0"), [k0, k1, late], T0 + 30_000, GRACE);
    expect(step.closed).toEqual([]);
    expect(step.cursor.open).toEqual([k0, k1]); // a late key is never held open
    // Exactly at end + grace a bucket still takes on-time events: not final yet.
    step = advanceCursor(step.cursor, [], T0 + 60_000 + GRACE, GRACE);
    expect(step.closed).toEqual([]);
    step = advanceCursor(step.cursor, [k0], T0 + 60_000 + GRACE + 1, GRACE);
    expect(step.closed).toEqual([k0]);
    expect(step.cursor.open).toEqual([k1]);
    // The watermark never goes back, so an older arrival closes nothing and reopens nothing.
    step = advanceCursor(step.cursor, [], T0, GRACE);
    expect(step.cursor.watermarkMs).toBe(T0 + 60_000 + GRACE + 1);
    expect(advanceCursor(step.cursor, [], T0 + 3_600_000, GRACE).closed).toEqual([k1]);
  });
});
