// A latency histogram in the HdrHistogram style: integer microseconds in log-linear buckets (64
// sub-buckets per power of two, so any reported value is within 1/64 ≈ 1.6 % of the true one),
// constant memory whatever the count, percentiles read from the buckets. It must never keep the
// individual values (a 60 s step at 4,000/s records 240,000 of them) nor round below 1 µs.

const SUB = 64;
const LINEAR_LIMIT = 2 * SUB;

/** Bucket of a value in µs (values below 128 µs each have their own bucket). */
export function bucketOf(micros: number): number {
  const v = Math.max(0, Math.floor(micros));
  if (v < LINEAR_LIMIT) return v;
  let exponent = Math.floor(Math.log2(v));
  if (2 ** exponent > v) exponent -= 1;
  else if (2 ** (exponent + 1) <= v) exponent += 1;
  const shift = exponent - 6;
  return SUB * shift + Math.floor(v / 2 ** shift);
}

/** The highest value in µs that falls into a bucket. */
export function bucketUpperBound(bucket: number): number {
  if (bucket < LINEAR_LIMIT) return bucket;
  const shift = Math.floor(bucket / SUB) - 1;
  const sub = bucket - SUB * shift;
  return (sub + 1) * 2 ** shift - 1;
}

export class Histogram {
  #counts: number[] = [];
  #total = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  recordMicros(micros: number): void {
    const bucket = bucketOf(micros);
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
    this.#total += 1;
    this.#sum += micros;
    this.#min = Math.min(this.#min, micros);
    this.#max = Math.max(this.#max, micros);
  }

  recordMillis(millis: number): void {
    this.recordMicros(Math.max(0, millis) * 1000);
  }

  get count(): number {
    return this.#total;
  }

  get maxMicros(): number {
    return this.#max;
  }

  get meanMicros(): number {
    return this.#total === 0 ? 0 : this.#sum / this.#total;
  }

  /** The value at quantile q (0..1) in µs: the upper bound of its bucket, never above the max seen. */
  percentileMicros(q: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * this.#total));
    let seen = 0;
    for (let bucket = 0; bucket < this.#counts.length; bucket += 1) {
      seen += this.#counts[bucket] ?? 0;
      if (seen >= rank) return Math.max(this.#min, Math.min(this.#max, bucketUpperBound(bucket)));
    }
    return this.#max;
  }

  percentileMillis(q: number): number {
    return this.percentileMicros(q) / 1000;
  }
}
