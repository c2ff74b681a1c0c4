// An in-process read-through cache for the lookups every request or event makes (token → caller,
// number → record, business → subscription), so the hot path does not pay a store round trip each
// time. Bounded twice: at most `maxEntries` entries (the least recently used one is evicted), and
// an entry is served for at most `ttlMs` after it was loaded, which bounds how long a change made
// elsewhere (another replica, an operator) goes unseen. Concurrent misses of one key share one
// load. A `delete` or `clear` also discards loads that started before it, so a value read before
// an invalidation is never stored after it. Misses (undefined) are cached only if asked to.
export interface BoundedCacheOptions {
  maxEntries: number;
  /** 0 disables caching (every get loads; concurrent gets still share one load). */
  ttlMs: number;
  now: () => number;
  /** Also remember that a key has no value, for `ttlMs`. Off: an unknown key is asked every time. */
  cacheMisses?: boolean;
}

export interface BoundedCache<V> {
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

interface Entry<V> {
  value: V | undefined;
  expiresAt: number;
}

export function createBoundedCache<V>(options: BoundedCacheOptions): BoundedCache<V> {
  if (!(options.maxEntries >= 1)) throw new Error("maxEntries must be at least 1");
  const entries = new Map<string, Entry<V>>();
  const loading = new Map<string, Promise<V | undefined>>();
  // Bumped by every invalidation: a load that started under an older epoch does not store.
  let epoch = 0;

  const store = (key: string, value: V | undefined) => {
    if (options.ttlMs <= 0 || (value === undefined && !options.cacheMisses)) return;
    entries.delete(key);
    entries.set(key, { value, expiresAt: options.now() + options.ttlMs });
    // Map iteration is insertion order and hits re-insert: the first key is the least recently used.
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  };

  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit) {
        if (hit.expiresAt > options.now()) {
          entries.delete(key);
          entries.set(key, hit);
          return hit.value;
        }
        entries.delete(key);
      }
      const pending = loading.get(key);
      if (pending) return pending;
      const startedIn = epoch;
      const loaded = load().then(
        (value) => {
          if (loading.get(key) === loaded) loading.delete(key);
          if (startedIn === epoch) store(key, value);
          return value;
        },
        (error: unknown) => {
          if (loading.get(key) === loaded) loading.delete(key);
          throw error;
        },
      );
      loading.set(key, loaded);
      return loaded;
    },
    delete(key) {
      epoch += 1;
      entries.delete(key);
      loading.delete(key);
    },
    clear() {
      epoch += 1;
      entries.clear();
      loading.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
