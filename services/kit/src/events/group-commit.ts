// Group commit for an idempotent producer that may have only one request in flight: calls that
// arrive while a request is outstanding are queued and leave together in the next request, so
// throughput grows with concurrency instead of being capped at one round trip per call. Every
// caller's promise settles with the request that carried its records, never before Kafka acked.
//
// It must never publish what a caller was already told failed: a call with a deadline that is
// still queued when the deadline passes is withdrawn (rejected `unavailable`, never sent); a call
// already handed to the producer settles only with the producer's outcome, however long that
// takes. The queue is bounded: past `maxQueuedItems` or `maxQueuedBytes` a call is refused at
// once instead of growing memory while the broker is away. A failed request is retried one call
// at a time, so one call's bad record (too large, say) fails that call alone.
import { AppError } from "../errors/app-error.ts";

export interface GroupCommit<T> {
  /**
   * Resolves once the batch holding `items` was acknowledged; rejects with its error. With
   * `timeoutMs`, rejects `unavailable` if the items are still queued (unsent) by then, and they
   * are never sent.
   */
  submit(items: readonly T[], options?: { timeoutMs?: number }): Promise<void>;
}

export interface GroupCommitOptions<T> {
  maxItemsPerRequest?: number;
  /** Items waiting (not yet in flight) beyond which a call is refused at once. */
  maxQueuedItems?: number;
  /** Bytes waiting beyond which a call is refused at once (with `sizeOf`). */
  maxQueuedBytes?: number;
  sizeOf?: (item: T) => number;
}

interface Entry<T> {
  items: readonly T[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

export function createGroupCommit<T>(
  send: (items: T[]) => Promise<void>,
  options: GroupCommitOptions<T> | number = {},
): GroupCommit<T> {
  const settings = typeof options === "number" ? { maxItemsPerRequest: options } : options;
  const maxItemsPerRequest = settings.maxItemsPerRequest ?? 1_000;
  const maxQueuedItems = settings.maxQueuedItems ?? Number.POSITIVE_INFINITY;
  const maxQueuedBytes = settings.maxQueuedBytes ?? Number.POSITIVE_INFINITY;
  const sizeOf = settings.sizeOf ?? (() => 0);
  const queue: Entry<T>[] = [];
  let queuedItems = 0;
  let queuedBytes = 0;
  let sending = false;

  const dequeue = (entry: Entry<T>) => {
    clearTimeout(entry.timer);
    queuedItems -= entry.items.length;
    queuedBytes -= entry.bytes;
  };

  const sendEach = async (batch: Entry<T>[]) => {
    try {
      await send(batch.flatMap((entry) => entry.items));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1 || !isRecordFault(error)) {
        // The broker away, a timeout: every call of the request failed alike (the caller retries).
        for (const entry of batch) entry.reject(error);
        return;
      }
      // A record the broker refused: which call's is unknown, so each goes alone, settling alone.
      for (const entry of batch) await sendEach([entry]);
    }
  };

  const drain = async () => {
    if (sending) return;
    sending = true;
    try {
      while (queue.length > 0) {
        const batch: Entry<T>[] = [];
        let count = 0;
        while (
          queue.length > 0 &&
          (batch.length === 0 || count + (queue[0]?.items.length ?? 0) <= maxItemsPerRequest)
        ) {
          const next = queue.shift();
          if (!next) break;
          dequeue(next);
          batch.push(next);
          count += next.items.length;
        }
        await sendEach(batch);
      }
    } finally {
      sending = false;
    }
  };

  return {
    submit(items, submitOptions = {}) {
      const bytes = items.reduce((sum, item) => sum + sizeOf(item), 0);
      if (queue.length > 0 && (queuedItems + items.length > maxQueuedItems || queuedBytes + bytes > maxQueuedBytes)) {
        return Promise.reject(new AppError("unavailable", "the producer's queue is full"));
      }
      return new Promise<void>((resolve, reject) => {
        const entry: Entry<T> = { items, bytes, resolve, reject, timer: undefined };
        const { timeoutMs } = submitOptions;
        if (timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            const at = queue.indexOf(entry);
            // In flight already: the producer's outcome is the answer, so wait for it.
            if (at < 0) return;
            queue.splice(at, 1);
            dequeue(entry);
            reject(new AppError("unavailable", `Kafka acknowledgement did not start within ${timeoutMs} ms`));
          }, timeoutMs);
        }
        queue.push(entry);
        queuedItems += items.length;
        queuedBytes += bytes;
        void drain();
      });
    },
  };
}

/** Kafka's refusals of a record itself (its size, its form), as kafkajs names them. */
const RECORD_FAULTS = new Set(["MESSAGE_TOO_LARGE", "INVALID_RECORD", "CORRUPT_MESSAGE", "RECORD_LIST_TOO_LARGE"]);

function isRecordFault(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === "string" && RECORD_FAULTS.has(type)) return true;
    current = current.cause;
  }
  return false;
}
