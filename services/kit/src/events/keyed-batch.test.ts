import { describe, expect, it } from "vitest";
import { processByKey } from "./keyed-batch.ts";

const records = [
  { key: "a", offset: "10" },
  { key: "b", offset: "11" },
  { key: "a", offset: "12" },
  { key: "c", offset: "13" },
  { key: "b", offset: "14" },
];

describe("processByKey", () => {
  it("keeps each key's records in offset order while keys run concurrently", async () => {
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const last = await processByKey(records, {
      concurrency: 3,
      shouldContinue: () => true,
      process: async (record) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, record.key === "a" ? 20 : 1));
        seen.push(`${record.key}${record.offset}`);
        inFlight--;
      },
    });
    expect(last).toBe("14");
    expect(seen.indexOf("a10")).toBeLessThan(seen.indexOf("a12"));
    expect(seen.indexOf("b11")).toBeLessThan(seen.indexOf("b14"));
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(3);
  });

  it("reports only the finished prefix when stopped half-way", async () => {
    let processed = 0;
    const last = await processByKey(records, {
      concurrency: 1,
      shouldContinue: () => processed < 2,
      process: async () => {
        processed++;
      },
    });
    // Serial order is a10, a12 (key a), then b11 never runs: the finished prefix ends at 10.
    expect(last).toBe("10");
  });

  it("propagates a failure so nothing after it is committed", async () => {
    await expect(
      processByKey(records, {
        concurrency: 2,
        shouldContinue: () => true,
        process: async (record) => {
          if (record.offset === "12") throw new Error("boom");
        },
      }),
    ).rejects.toThrow("boom");
  });
});
