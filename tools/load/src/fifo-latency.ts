// Accept-to-stored latency from counts alone, under a FIFO approximation: the n-th message
// accepted is taken to be stored when the stored count first reached n. Exact when messages are
// stored in the order they were accepted; otherwise it is the latency of the *count*, which is
// what throughput planning needs. Resolution is the sampling interval. Pure: it must never query
// anything, so it can be checked on made-up timelines.

export interface CountSample {
  atMs: number;
  count: number;
}

/**
 * For each accepted time (ascending), the latency to the first sample whose count reached its
 * rank, or undefined when no sample did (not stored by the end, or lost). A count that was
 * already `baseline` before the first acceptance is discounted. Never negative.
 */
export function fifoLatencies(
  acceptedAtMs: readonly number[],
  samples: readonly CountSample[],
  baseline = 0,
): (number | undefined)[] {
  const latencies: (number | undefined)[] = [];
  let k = 0;
  let highest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < acceptedAtMs.length; i += 1) {
    const rank = baseline + i + 1;
    while (k < samples.length && highest < rank) {
      highest = Math.max(highest, samples[k]?.count ?? 0);
      if (highest < rank) k += 1;
    }
    const reached = samples[k];
    const accepted = acceptedAtMs[i] ?? 0;
    latencies.push(reached && highest >= rank ? Math.max(0, reached.atMs - accepted) : undefined);
  }
  return latencies;
}
