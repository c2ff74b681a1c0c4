import { createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { sampleBacklog } from "./backlog-sampling.ts";

describe("backlog sampling", () => {
  it("samples at once, again after the interval, and stops when aborted even mid-pause", async () => {
    let samples = 0;
    const stop = new AbortController();
    const loop = sampleBacklog(
      {
        sample: async () => {
          samples += 1;
          if (samples === 2) throw new Error("store down"); // logged, the loop goes on
        },
      },
      5,
      stop.signal,
      createLogger({ service: "test", level: "silent" }),
    );
    for (let i = 0; i < 200 && samples < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(samples).toBeGreaterThanOrEqual(3);
    stop.abort();
    await loop;
    const after = samples;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(samples).toBe(after);
  });
});
