// For benchmarks: wraps a store port so every method call is counted and timed, the figures a
// batch path is judged by (store calls per batch, time per method). Calls of one batch may
// overlap, so the times are sums, not wall time.
export interface StoreCallMeter<T> {
  /** The same store, metered. */
  store: T;
  /** Method calls so far. */
  calls(): number;
  /** Milliseconds spent in each method so far, summed over calls. */
  msByMethod(): ReadonlyMap<string, number>;
}

export function meterStoreCalls<T extends object>(target: T): StoreCallMeter<T> {
  let calls = 0;
  const ms = new Map<string, number>();
  const store = new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        calls++;
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        } finally {
          ms.set(String(property), (ms.get(String(property)) ?? 0) + performance.now() - started);
        }
      };
    },
  });
  return { store, calls: () => calls, msByMethod: () => ms };
}
