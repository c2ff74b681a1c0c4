// The timetable of an open-loop load: request i is due at start + i / rate, whatever happened to
// the requests before it. Latency is measured from these due times, so a stalled server (or a
// starved load generator) shows up as latency instead of silently lowering the offered rate —
// the coordinated omission a closed loop suffers from. Pure: it must never read a clock itself.

export interface Schedule {
  /** Requests per second. */
  rate: number;
  /** How long requests keep being scheduled, in ms. */
  durationMs: number;
}

/** Total number of requests the schedule offers. */
export function totalRequests(schedule: Schedule): number {
  return Math.max(0, Math.floor((schedule.rate * schedule.durationMs) / 1000));
}

/** When request i is due, in ms after the start. */
export function dueAtMs(schedule: Schedule, index: number): number {
  return (index * 1000) / schedule.rate;
}

/** How many requests are due by `elapsedMs` after the start (never more than the total). */
export function dueBy(schedule: Schedule, elapsedMs: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(totalRequests(schedule), Math.floor((elapsedMs * schedule.rate) / 1000) + 1);
}
