import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogDrainFigures, countLoggedRejoins, REJOIN_LOG_TEXT } from "./backlog-drain.ts";
import type { StoreSample } from "./step-figures.ts";

// 10 threads (one system notice each) throughout, so stored = messages − 10.
const store = (atMs: number, messages: number, counted: number) => ({
  atMs,
  value: { messages, threads: 10, counted } satisfies StoreSample,
});
const lag = (atMs: number, conversation: number, analytics: number) => ({
  atMs,
  value: new Map([
    ["conversation", conversation],
    ["analytics", analytics],
  ]),
});

describe("backlog drain figures", () => {
  it("measures the drain from its start to the first all-zero lag, with the lag it started from", () => {
    const figures = backlogDrainFigures({
      startMs: 1_000,
      drainedAtMs: 11_000,
      boundSeconds: 600,
      storeSamples: [
        store(0, 110, 50),
        store(1_000, 210, 100),
        store(11_000, 5_210, 3_100),
        store(20_000, 5_300, 3_200),
      ],
      lagSamples: [lag(500, 9_000, 7_000), lag(1_200, 8_000, 6_000), lag(11_000, 0, 0)],
      rejoins: 0,
    });
    expect(figures).toEqual({
      startLag: { conversation: 8_000, analytics: 6_000 },
      drained: true,
      seconds: 10,
      stored: 5_000,
      counted: 3_000,
      storedPerSecond: 500,
      countedPerSecond: 300,
      rejoins: 0,
    });
  });

  it("reports an unfinished drain over its whole bound", () => {
    const figures = backlogDrainFigures({
      startMs: 0,
      drainedAtMs: undefined,
      boundSeconds: 20,
      storeSamples: [store(0, 10, 0), store(20_000, 4_010, 1_000)],
      lagSamples: [lag(0, 5, 5), lag(20_000, 3, 1)],
      rejoins: 2,
    });
    expect(figures.drained).toBe(false);
    expect(figures.seconds).toBe(20);
    expect(figures.storedPerSecond).toBe(200);
    expect(figures.countedPerSecond).toBe(50);
    expect(figures.rejoins).toBe(2);
  });
});

describe("logged rejoins", () => {
  it("counts the adapter's rejoin lines across every service log, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-logs-"));
    try {
      const line = (msg: string) => `${JSON.stringify({ level: 40, msg })}\n`;
      writeFileSync(
        join(dir, "conversation.log"),
        line(REJOIN_LOG_TEXT) + line("batch stored") + line(REJOIN_LOG_TEXT),
      );
      writeFileSync(join(dir, "analytics.log"), line(REJOIN_LOG_TEXT));
      writeFileSync(join(dir, "notes.txt"), line(REJOIN_LOG_TEXT));
      expect(countLoggedRejoins(dir)).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says unknown rather than zero when the logs cannot be read", () => {
    expect(countLoggedRejoins(join(tmpdir(), "no-such-bench-logs-dir"))).toBeUndefined();
  });
});
