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
  /** A ping through the process's own client; rejects when it cannot reach the server. */
  pingOwnClient: () => Promise<void>;
  /** A ping through a new, short-lived client to the same URI. */
  pingFreshClient: () => Promise<void>;
  /** How long the own client may fail before the fresh probe is asked. */
  wedgedAfterMs: number;
  checkEveryMs: number;
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

  async function check(): Promise<boolean> {
    const answered = await options.pingOwnClient().then(
      () => true,
      () => false,
    );
    const now = options.clock();
    if (answered) {
      lastAnsweredAt = now;
      return false;
    }
    const failingForMs = now - lastAnsweredAt;
    if (failingForMs < options.wedgedAfterMs) return false;
    const storeAnswers = await options.pingFreshClient().then(
      () => true,
      () => false,
    );
    if (!storeAnswers) return false;
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
