// How long to wait before repeating a store scan that FerretDB v1 serves by reading a whole
// collection (the work queue's due sample, the parked sweep, the backlog sample): the usual
// interval, or, after a slow scan, nine times what it took, so such scans keep at most a tenth of
// one caller's time on the store however slow it gets. A quick scan (under 100 ms) is not slowed.

const PAUSE_FACTOR = 9;
const SLOW_SCAN_MS = 100;

export function pauseAfterScan(intervalMs: number, tookMs: number): number {
  return tookMs < SLOW_SCAN_MS ? intervalMs : Math.max(intervalMs, PAUSE_FACTOR * tookMs);
}
