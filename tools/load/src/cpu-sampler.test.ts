import { describe, expect, it } from "vitest";
import { cpuBetween, processTicks } from "./cpu-sampler.ts";

describe("cpu sampler", () => {
  it("reads utime + stime even when the process name holds spaces and parentheses", () => {
    const line = "4242 (node (main) x) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 11 0 100 0 0";
    expect(processTicks(line)).toBe(1234 + 567);
  });

  it("turns CPU seconds over wall time into cores", () => {
    const from = { atMs: 0, seconds: new Map([["ingress", 10]]), machineBusy: 100, machineTotal: 400 };
    const to = { atMs: 2_000, seconds: new Map([["ingress", 13]]), machineBusy: 103, machineTotal: 404 };
    const usage = cpuBetween(from, to);
    expect(usage.cores.get("ingress")).toBeCloseTo(1.5);
    expect(usage.machineBusy).toBeCloseTo(0.75);
  });
});
