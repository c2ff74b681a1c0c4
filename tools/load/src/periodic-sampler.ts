// Calls a read repeatedly in the background and keeps every value with the wall-clock time (epoch
// ms) it stands for: the midpoint of the read. Reads never overlap, and the pause after a read is
// at least `busyFactor` times its duration, so a read that grows slow (a count on a growing store)
// thins out instead of loading the system it measures. A failed read is skipped, never retried
// at once; it must never throw into the benchmark.

export interface Sample<T> {
  atMs: number;
  value: T;
}

export interface PeriodicSampler<T> {
  readonly samples: readonly Sample<T>[];
  /** Takes one more sample now (after the running one) and stops the loop. */
  stop(): Promise<void>;
  /** Mean spacing of the samples so far, ms. */
  meanIntervalMs(): number;
}

const epochNow = () => performance.timeOrigin + performance.now();

export function startPeriodicSampler<T>(
  read: () => Promise<T>,
  options: { intervalMs: number; busyFactor?: number },
): PeriodicSampler<T> {
  const samples: Sample<T>[] = [];
  let stopped = false;
  let wake: () => void = () => {};
  const takeOne = async (): Promise<number> => {
    const started = epochNow();
    try {
      const value = await read();
      const ended = epochNow();
      samples.push({ atMs: (started + ended) / 2, value });
      return ended - started;
    } catch {
      return epochNow() - started;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const took = await takeOne();
      const pause = Math.max(options.intervalMs, took * (options.busyFactor ?? 3));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      wake();
      await loop;
      await takeOne();
    },
    meanIntervalMs() {
      const first = samples[0];
      const last = samples.at(-1);
      return first && last && samples.length > 1 ? (last.atMs - first.atMs) / (samples.length - 1) : 0;
    },
  };
}

/** A numeric series' value at a time, linearly interpolated between the samples around it. */
export function valueAt(samples: readonly Sample<number>[], atMs: number): number {
  let before: Sample<number> | undefined;
  for (const sample of samples) {
    if (sample.atMs >= atMs) {
      if (!before || sample.atMs === before.atMs) return sample.value;
      const share = (atMs - before.atMs) / (sample.atMs - before.atMs);
      return before.value + share * (sample.value - before.value);
    }
    before = sample;
  }
  return before?.value ?? 0;
}

/** Samples within [fromMs, toMs]. */
export function samplesBetween<T>(samples: readonly Sample<T>[], fromMs: number, toMs: number): Sample<T>[] {
  return samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
}
