// The backlog the steps leave behind, drained before the audit: the last steps offer more than the
// box stores, so without this the audit would scan a store still catching up and call the gap a
// loss. Reduced to the figures of a backlog drain (the issue's "a backlog drains without a single
// group eviction and at ≥ the target rate"): the lag each group started from, how long it took,
// stored/s and counted/s while draining, and the group rejoins the services logged over the whole
// run (kit's Kafka adapter warns on each; an eviction mid-batch is one). Pure but for the log read.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BacklogDrainFigures } from "./bench-results.ts";
import { type Sample, valueAt } from "./periodic-sampler.ts";
import type { StoreSample } from "./step-figures.ts";
import { nonSystemCount } from "./stored-messages.ts";

/** The line kit's Kafka adapter logs when a consumer joins its group again (kafka-event-bus.ts). */
export const REJOIN_LOG_TEXT = "consumer rejoined its group";

export function backlogDrainFigures(input: {
  startMs: number;
  /** When every group's lag was first seen at 0; undefined if not within the bound. */
  drainedAtMs: number | undefined;
  boundSeconds: number;
  storeSamples: readonly Sample<StoreSample>[];
  lagSamples: readonly Sample<Map<string, number>>[];
  rejoins: number | undefined;
}): BacklogDrainFigures {
  const endMs = input.drainedAtMs ?? input.startMs + input.boundSeconds * 1000;
  const seconds = (endMs - input.startMs) / 1000;
  const first = input.lagSamples.find((s) => s.atMs >= input.startMs) ?? input.lagSamples.at(-1);
  const startLag = Object.fromEntries(first?.value ?? []);
  const stored = input.storeSamples.map((s) => ({ atMs: s.atMs, value: nonSystemCount(s.value) }));
  const counted = input.storeSamples.map((s) => ({ atMs: s.atMs, value: s.value.counted }));
  const during = (series: readonly Sample<number>[]) => valueAt(series, endMs) - valueAt(series, input.startMs);
  const storedDuring = during(stored);
  const countedDuring = during(counted);
  return {
    startLag,
    drained: input.drainedAtMs !== undefined,
    seconds,
    stored: storedDuring,
    counted: countedDuring,
    storedPerSecond: seconds > 0 ? storedDuring / seconds : 0,
    countedPerSecond: seconds > 0 ? countedDuring / seconds : 0,
    rejoins: input.rejoins,
  };
}

/** Rejoins logged by the run's services (one log file each in logDir); undefined if unreadable. */
export function countLoggedRejoins(logDir: string): number | undefined {
  let files: string[];
  try {
    files = readdirSync(logDir).filter((name) => name.endsWith(".log"));
  } catch {
    return undefined;
  }
  let rejoins = 0;
  for (const file of files) {
    for (const line of readFileSync(join(logDir, file), "utf8").split("\n")) {
      if (line.includes(REJOIN_LOG_TEXT)) rejoins += 1;
    }
  }
  return rejoins;
}
