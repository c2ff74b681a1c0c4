// Reduces one step's raw material (driver result, ledger, CPU, the store / count / lag samples and
// the FIFO latencies) to the figures of the report. Pure: it must never query or sample anything.
import type { StepFigures } from "./bench-results.ts";
import { fifoLatencies } from "./fifo-latency.ts";
import { Histogram } from "./histogram.ts";
import type { TimelineEntry } from "./message-audit.ts";
import { type Sample, samplesBetween, valueAt } from "./periodic-sampler.ts";
import type { StepRun } from "./run-step.ts";
import { nonSystemCount, type StoredCount } from "./stored-messages.ts";

export interface StoreSample extends StoredCount {
  counted: number;
}

export interface StepLatencies {
  histogram: Histogram;
  unpaired: number;
}

/** FIFO accept-to-stored latencies of the bench's messages, grouped by step. */
export function storeLatenciesByStep(
  timeline: readonly TimelineEntry[],
  samples: readonly Sample<StoreSample>[],
): Map<number, StepLatencies> {
  const counts = samples.map((s) => ({ atMs: s.atMs, count: nonSystemCount(s.value) }));
  const latencies = fifoLatencies(
    timeline.map((e) => e.atMs),
    counts,
  );
  const byStep = new Map<number, StepLatencies>();
  timeline.forEach((entry, i) => {
    if (entry.step === undefined) return;
    let step = byStep.get(entry.step);
    if (!step) {
      step = { histogram: new Histogram(), unpaired: 0 };
      byStep.set(entry.step, step);
    }
    const latency = latencies[i];
    if (latency === undefined) step.unpaired += 1;
    else step.histogram.recordMillis(latency);
  });
  return byStep;
}

export function stepFigures(
  step: StepRun,
  input: {
    storeSamples: readonly Sample<StoreSample>[];
    lagSamples: readonly Sample<Map<string, number>>[];
    latencies: StepLatencies | undefined;
    /** Replies of simulated customers created during the load window. */
    replies: number;
    drainSeconds: number;
  },
): StepFigures {
  const { result } = step;
  const stored = input.storeSamples.map((s) => ({ atMs: s.atMs, value: nonSystemCount(s.value) }));
  const counted = input.storeSamples.map((s) => ({ atMs: s.atMs, value: s.value.counted }));
  const perSecond = (series: readonly Sample<number>[]) =>
    (valueAt(series, step.loadEndMs) - valueAt(series, step.loadStartMs)) / step.seconds;
  const lagUntil = step.drainedAtMs ?? step.loadEndMs + input.drainSeconds * 1000;
  const maxLag: Record<string, number> = {};
  for (const sample of samplesBetween(input.lagSamples, step.loadStartMs, lagUntil)) {
    for (const [group, lag] of sample.value) maxLag[group] = Math.max(maxLag[group] ?? 0, lag);
  }
  const latencies = input.latencies;
  const paired = latencies && latencies.histogram.count > 0 ? latencies.histogram : undefined;
  return {
    rate: step.rate,
    seconds: step.seconds,
    offered: result.offered,
    accepted: result.accepted,
    acceptedPerSecond: result.accepted / step.seconds,
    errors: Object.fromEntries(result.errors),
    acceptP50Ms: result.latency.percentileMillis(0.5),
    acceptP99Ms: result.latency.percentileMillis(0.99),
    acceptP999Ms: result.latency.percentileMillis(0.999),
    driverLateP99Ms: result.lateness.percentileMillis(0.99),
    storedPerSecond: perSecond(stored),
    countedPerSecond: perSecond(counted),
    repliesPerSecond: input.replies / step.seconds,
    storeP50Ms: paired?.percentileMillis(0.5),
    storeP99Ms: paired?.percentileMillis(0.99),
    storeUnpaired: latencies?.unpaired ?? 0,
    maxLag,
    drainSeconds: step.drainedAtMs === undefined ? undefined : (step.drainedAtMs - step.loadEndMs) / 1000,
    cpuCores: Object.fromEntries(step.cpu.cores),
    machineBusy: step.cpu.machineBusy,
  };
}
