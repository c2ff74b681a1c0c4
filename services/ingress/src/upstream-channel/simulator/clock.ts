// The Clock port the simulator schedules with: real timers in the service, a manual clock in
// tests so status sequences are checked without waiting. Timers never keep the process alive.
export interface Clock {
  now(): number;
  schedule(delayMs: number, run: () => void): void;
  /** Drops every pending timer (shutdown). */
  cancelAll(): void;
}

export function systemClock(): Clock {
  const pending = new Set<NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    schedule(delayMs, run) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        run();
      }, delayMs);
      timer.unref();
      pending.add(timer);
    },
    cancelAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}

/** For tests: time moves only when `advance` is called; due timers run in time order. */
export function manualClock(startMs = 0): Clock & { advance(ms: number): void; pending(): number } {
  let now = startMs;
  let timers: { at: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  return {
    now: () => now,
    schedule(delayMs, run) {
      timers.push({ at: now + delayMs, seq: seq++, run });
    },
    cancelAll() {
      timers = [];
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}
