// What a rollup counts: named, non-negative integer counters that only grow, so parts and buckets
// add up by plain addition and a reader can keep the highest value of each. Names are also Mongo
// field names (never a "." or a leading "$").
//
// Exact: sent, delivered, read, failed (and failed:<code>), outcome_unknown, received, windows_opened,
// orders:<currency>, order_value_milli:<currency> (item_price × quantity in thousandths),
// inquiries and inquiries:<catalog>/<retailer id> (inbound messages asking about a product, per
// product; the ids URI-encoded and "." as %2E, see inquiryMeasureOf).
// Unique customers (customers_hour | customers_day | customers_month): exact per phone number and
// UTC hour/day/month — a customer is counted once, in the key of their first message of that
// period, so summing over any group that contains whole phone numbers is exact, while a split by
// another dimension attributes each customer to one value of it. Not summable across numbers of
// one business (a customer writing to two numbers counts twice).
// First-response time: frt_count, frt_sum_ms (exact) and a log-scale histogram frt_bin:<k>; the
// median and p90 read from it are approximate, within one bin (≤ 5 % relative error).
export type Measures = Record<string, number>;

export const FRT_BIN_BASE = 1.1;

/** The per-product inquiry measure: a Mongo field name whatever the ids hold (no "." or "$"). */
export function inquiryMeasureOf(catalogId: string, retailerId: string): string {
  const part = (id: string) => encodeURIComponent(id).replaceAll(".", "%2E");
  return `inquiries:${part(catalogId)}/${part(retailerId)}`;
}

export function addMeasures(into: Measures, from: Readonly<Measures>): Measures {
  for (const [name, value] of Object.entries(from)) into[name] = (into[name] ?? 0) + value;
  return into;
}

/** Bin of a first-response time: 0 below one second, then ⌊log₁.₁(seconds)⌋ + 1. */
export function frtBinOf(ms: number): number {
  const seconds = ms / 1000;
  return seconds < 1 ? 0 : Math.floor(Math.log(seconds) / Math.log(FRT_BIN_BASE)) + 1;
}

/** The value a bin stands for: the geometric middle of its range, in milliseconds. */
export function frtBinValueMs(bin: number): number {
  if (bin === 0) return 500;
  return 1000 * FRT_BIN_BASE ** (bin - 1) * Math.sqrt(FRT_BIN_BASE);
}

/** The q-quantile (0 < q ≤ 1) of the first-response times in `measures`, or undefined if none. */
export function frtQuantileMs(measures: Readonly<Measures>, q: number): number | undefined {
  const bins = Object.entries(measures)
    .filter(([name]) => name.startsWith("frt_bin:"))
    .map(([name, count]) => [Number(name.slice("frt_bin:".length)), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [bin, count] of bins) {
    seen += count;
    if (seen >= rank) return frtBinValueMs(bin);
  }
  return undefined;
}

/** The measures of one first-response time. */
export function frtMeasures(ms: number): Measures {
  return { frt_count: 1, frt_sum_ms: Math.max(0, Math.round(ms)), [`frt_bin:${frtBinOf(ms)}`]: 1 };
}
