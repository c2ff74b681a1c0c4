// Group commit for store writes: calls that arrive while `maxInFlight` batches are outstanding are
// queued and leave together in the next batch (at most `maxItems` items), so concurrent requests
// share one bulk round trip instead of paying one each, and throughput grows with concurrency.
// Each caller gets back exactly the answers for its own items, in order, and settles with the
// batch that carried them: never before that batch's write returned. A failed batch fails every
// call in it (each caller's own error handling, e.g. releasing claims, then runs as before).
export interface CoalescingBatcher<I, O> {
  submit(items: readonly I[]): Promise<O[]>;
}

export interface CoalescingOptions {
  /** Items per batch; a call with more than this leaves alone, whole. */
  maxItems: number;
  /** Batches outstanding at once (store connections used in parallel). */
  maxInFlight: number;
}

interface Pending<I, O> {
  items: readonly I[];
  resolve: (answers: O[]) => void;
  reject: (error: unknown) => void;
}

export function createCoalescingBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: CoalescingOptions,
): CoalescingBatcher<I, O> {
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;

  const take = (): Pending<I, O>[] => {
    const batch: Pending<I, O>[] = [];
    let count = 0;
    while (queue.length > 0) {
      const next = queue[0];
      if (!next || (batch.length > 0 && count + next.items.length > options.maxItems)) break;
      queue.shift();
      batch.push(next);
      count += next.items.length;
    }
    return batch;
  };

  const send = async (batch: Pending<I, O>[]) => {
    try {
      const answers = await run(batch.flatMap((call) => [...call.items]));
      if (answers.length !== batch.reduce((n, call) => n + call.items.length, 0)) {
        throw new Error("batched write answered a different number of items than it was given");
      }
      let offset = 0;
      for (const call of batch) {
        call.resolve(answers.slice(offset, offset + call.items.length));
        offset += call.items.length;
      }
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  };

  const pump = () => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight += 1;
      void send(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    submit(items) {
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<O[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        pump();
      });
    },
  };
}
