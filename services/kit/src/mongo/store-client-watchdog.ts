// Notices a MongoDB client that stopped reconnecting while its server is back. Seen in the fault
// audit (mongodb 7.8 against FerretDB): after the store was stalled (SIGSTOP) and then restarted,
// one ingress instance's client kept its server "Unknown" for good — no monitor socket, no pool
// connection, every operation failing server selection — while the other processes' clients had
// long reconnected. Its consumers then retried forever and its requests answered 503.
//
// The rule: the process's own client has not answered a ping for `wedgedAfterMs`, yet a fresh
// client to the same URI does. Then this client is the fault, not the store, and `onWedged` runs
// (the service exits, its supervisor starts it again: Kafka redelivers what was not committed,
// and nothing accepted lives only in memory). While the store itself is down, the fresh probe
// fails too and nothing happens: a store outage never makes the platform crash-loop.

export interface StoreClientWatchdogOptions {
  /** Whether a ping through the process's own client reached the server. */
  ownClientAnswers: () => Promise<boolean>;
  /** Whether a ping through a new, short-lived client to the same URI did. */
  freshClientAnswers: () => Promise<boolean>;
  /** How long the own client may fail before the fresh probe is asked. */
  wedgedAfterMs: number;
  checkEveryMs: number;
  /**
   * Longest wait between fresh probes while they fail too (the store is down): the wait doubles
   * from `checkEveryMs` up to this, so a long outage costs a new connection now and then, not
   * one every check. Any answer of the own client starts over.
   */
  freshProbeBackoffMaxMs: number;
  onWedged: (failingForMs: number) => void;
  clock: () => number;
}

export interface StoreClientWatchdog {
  /** One check (the timer's step; tests call it directly). Resolves true when the client is wedged. */
  check(): Promise<boolean>;
  start(): void;
  stop(): void;
}

export function createStoreClientWatchdog(options: StoreClientWatchdogOptions): StoreClientWatchdog {
  let lastAnsweredAt = options.clock();
  let timer: NodeJS.Timeout | undefined;
  let checking = false;

  let freshWaitMs = 0;
  let nextFreshAt = 0;

  async function check(): Promise<boolean> {
    const answered = await options.ownClientAnswers();
    const now = options.clock();
    if (answered) {
      lastAnsweredAt = now;
      freshWaitMs = 0;
      nextFreshAt = 0;
      return false;
    }
    const failingForMs = now - lastAnsweredAt;
    if (failingForMs < options.wedgedAfterMs || now < nextFreshAt) return false;
    if (!(await options.freshClientAnswers())) {
      freshWaitMs = Math.min(Math.max(freshWaitMs * 2, options.checkEveryMs), options.freshProbeBackoffMaxMs);
      nextFreshAt = now + freshWaitMs;
      return false;
    }
    options.onWedged(failingForMs);
    return true;
  }

  return {
    check,
    start() {
      timer = setInterval(() => {
        if (checking) return;
        checking = true;
        void check().finally(() => {
          checking = false;
        });
      }, options.checkEveryMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
