// An EventBus whose broker acknowledges only when the test says so, with the Kafka adapter's
// publish semantics (kit/src/events/group-commit.ts): one request in flight at a time, later
// publishes queued behind it; a publish with `timeoutMs` still queued at its deadline is withdrawn
// (rejected `unavailable`, never published), while one in flight waits for the broker's answer
// however long that takes. A publish without `timeoutMs` stays queued until its turn, as it does
// on Kafka. What the broker acknowledges lands on the inner in-memory bus, so `records` is exactly
// what Kafka would hold.
import {
  AppError,
  createInMemoryEventBus,
  type EventBus,
  type InMemoryEventBus,
  type OutgoingEvent,
} from "@switchboard/kit";

export interface HeldAckEventBus extends EventBus {
  /** What the broker acknowledged, in order. */
  readonly inner: InMemoryEventBus;
  /** Publishes waiting behind the one in flight. */
  queued(): number;
  /** Whether a publish is in flight, waiting for `acknowledge` or `fail`. */
  inFlight(): boolean;
  /** The broker acknowledges the in-flight publish (its events land) and takes the next one. */
  acknowledge(): Promise<void>;
  /** The broker fails the in-flight publish (nothing lands) and takes the next one. */
  fail(error: Error): void;
  /** From now on every publish is acknowledged as soon as it is in flight. */
  heal(): Promise<void>;
}

interface Pending {
  events: readonly OutgoingEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

export function createHeldAckEventBus(): HeldAckEventBus {
  const inner = createInMemoryEventBus();
  const queue: Pending[] = [];
  let current: Pending | undefined;
  let healthy = false;

  const takeNext = async (): Promise<void> => {
    current = queue.shift();
    if (!current) return;
    clearTimeout(current.timer);
    if (healthy) await acknowledge();
  };
  const acknowledge = async (): Promise<void> => {
    const done = current;
    if (!done) throw new Error("no publish in flight");
    await inner.publish(done.events);
    done.resolve();
    await takeNext();
  };

  return {
    inner,
    queued: () => queue.length,
    inFlight: () => current !== undefined,
    acknowledge,
    fail(error) {
      const done = current;
      if (!done) throw new Error("no publish in flight");
      done.reject(error);
      void takeNext();
    },
    async heal() {
      healthy = true;
      if (current) await acknowledge();
    },
    publish(events, options = {}) {
      return new Promise<void>((resolve, reject) => {
        const pending: Pending = { events, resolve, reject, timer: undefined };
        if (options.timeoutMs !== undefined) {
          pending.timer = setTimeout(() => {
            const at = queue.indexOf(pending);
            if (at < 0) return;
            queue.splice(at, 1);
            reject(new AppError("unavailable", `Kafka acknowledgement did not start within ${options.timeoutMs} ms`));
          }, options.timeoutMs);
        }
        queue.push(pending);
        if (!current) void takeNext();
      });
    },
    subscribe: (subscription) => inner.subscribe(subscription),
    close: () => inner.close(),
  };
}
