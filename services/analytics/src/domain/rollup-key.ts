// The dimensions one rollup is cut by, and the one-minute UTC bucket it covers. Every count is
// stored at this finest grain; hours, days, months (and any time zone's days) are sums of minutes
// made at query time, so nothing is counted twice at several granularities except what cannot be
// summed (unique customers, see measures.ts). A key is plain data: no store, no clock.
export type Direction = "inbound" | "outbound";

export const MINUTE_MS = 60_000;

/** What a rollup is cut by, besides tenant, business and time. Unknown values are "unknown". */
export interface Dimensions {
  phoneNumberId: string;
  direction: Direction;
  /** Graph message type: text, template, image, order, … */
  messageType: string;
  /** marketing | utility | authentication | service | unknown */
  pricingCategory: string;
  /** on_premises | cloud | bsp | unknown */
  hostingMode: string;
  /** end_to_end | provider_accessible | unknown */
  encryptionState: string;
  /** The customer's country calling code (E.164 prefix, "1", "44", "1242"…), or "unknown". */
  countryCode: string;
}

export const DIMENSION_NAMES = [
  "phoneNumberId",
  "direction",
  "messageType",
  "pricingCategory",
  "hostingMode",
  "encryptionState",
  "countryCode",
] as const satisfies readonly (keyof Dimensions)[];

export interface RollupKey extends Dimensions {
  tenantId: string;
  businessId: string;
  /** Start of the UTC minute, Unix milliseconds. */
  bucketStartMs: number;
  /**
   * True for events that reached the log after their bucket was final (bucket end + grace): they
   * are kept in a bucket of their own, so a closed bucket's on-time value never changes.
   */
  late: boolean;
}

export const UNKNOWN = "unknown";

/** Start of the UTC minute containing `atMs` (Unix time has no leap seconds, so this is exact). */
export function minuteOf(atMs: number): number {
  return Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
}

/** A stable text id of a rollup key (tenant first, so ids of one tenant never meet another's). */
export function rollupIdOf(key: RollupKey): string {
  return [
    key.tenantId,
    key.businessId,
    ...DIMENSION_NAMES.map((name) => key[name]),
    key.bucketStartMs,
    key.late ? "late" : "on-time",
  ].join("|");
}

/** Whether an event that reached the log at `arrivedAtMs` is late for the minute `bucketStartMs`. */
export function isLate(bucketStartMs: number, arrivedAtMs: number, graceMs: number): boolean {
  return arrivedAtMs > bucketStartMs + MINUTE_MS + graceMs;
}
