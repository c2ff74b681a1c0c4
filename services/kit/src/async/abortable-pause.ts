// The sleep between rounds of a background loop (webhook delivery, backlog sampling, retention):
// it ends early when the service stops (the signal aborts) and, for a loop that can be woken, when
// the caller's wake hook is called. It never rejects, so a stopping loop simply finds its signal
// aborted and returns.

/** Resolves after `ms`, at once when `signal` aborts, or when the function handed to `armWake` is called. */
export function abortablePause(ms: number, signal: AbortSignal, armWake?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    armWake?.(done);
  });
}
