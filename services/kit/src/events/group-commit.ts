// Group commit for an idempotent producer that may have only one request in flight: calls that
// arrive while a request is outstanding are queued and leave together in the next request, so
// throughput grows with concurrency instead of being capped at one round trip per call. Every
// caller's promise settles with the request that carried its records, never before Kafka acked.

export interface GroupCommit<T> {
  /** Resolves once the batch holding `items` was acknowledged; rejects with its error. */
  submit(items: readonly T[]): Promise<void>;
}

export function createGroupCommit<T>(send: (items: T[]) => Promise<void>, maxItemsPerRequest = 1_000): GroupCommit<T> {
  const queue: { items: readonly T[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let sending = false;

  const drain = async () => {
    if (sending) return;
    sending = true;
    try {
      while (queue.length > 0) {
        const batch: typeof queue = [];
        let count = 0;
        while (
          queue.length > 0 &&
          (batch.length === 0 || count + (queue[0]?.items.length ?? 0) <= maxItemsPerRequest)
        ) {
          const next = queue.shift();
          if (!next) break;
          batch.push(next);
          count += next.items.length;
        }
        try {
          await send(batch.flatMap((entry) => entry.items));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      sending = false;
    }
  };

  return {
    submit(items) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        void drain();
      });
    },
  };
}
