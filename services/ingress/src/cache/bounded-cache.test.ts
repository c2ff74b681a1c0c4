import { describe, expect, it } from "vitest";
import { createBoundedCache } from "./bounded-cache.ts";

function counter(values: Record<string, string | undefined>) {
  const loads: string[] = [];
  const load = (key: string) => async () => {
    loads.push(key);
    return values[key];
  };
  return { loads, load };
}

describe("bounded cache", () => {
  it("serves an entry from memory until its TTL has passed, then loads it again", async () => {
    let clock = 0;
    const cache = createBoundedCache<string>({ maxEntries: 10, ttlMs: 5_000, now: () => clock });
    const { loads, load } = counter({ a: "A" });
    expect(await cache.get("a", load("a"))).toBe("A");
    clock = 5_000 - 1;
    expect(await cache.get("a", load("a"))).toBe("A");
    expect(loads).toEqual(["a"]);
    clock = 5_000;
    expect(await cache.get("a", load("a"))).toBe("A");
    expect(loads).toEqual(["a", "a"]);
  });

  it("keeps at most maxEntries, evicting the least recently used", async () => {
    const cache = createBoundedCache<string>({ maxEntries: 2, ttlMs: 60_000, now: () => 0 });
    const { loads, load } = counter({ a: "A", b: "B", c: "C" });
    await cache.get("a", load("a"));
    await cache.get("b", load("b"));
    await cache.get("a", load("a")); // a is now the most recently used
    await cache.get("c", load("c")); // evicts b
    expect(cache.size).toBe(2);
    await cache.get("a", load("a"));
    await cache.get("c", load("c"));
    expect(loads).toEqual(["a", "b", "c"]);
    await cache.get("b", load("b"));
    expect(loads).toEqual(["a", "b", "c", "b"]);
    expect(cache.size).toBe(2);
  });

  it("stays within its bound under many distinct keys", async () => {
    const cache = createBoundedCache<number>({ maxEntries: 100, ttlMs: 60_000, now: () => 0 });
    for (let i = 0; i < 1_000; i++) await cache.get(`k${i}`, async () => i);
    expect(cache.size).toBe(100);
    expect(await cache.get("k999", async () => -1)).toBe(999);
    expect(await cache.get("k0", async () => -1)).toBe(-1);
  });

  it("does not remember misses unless asked to, and then only for the TTL", async () => {
    let clock = 0;
    const plain = createBoundedCache<string>({ maxEntries: 10, ttlMs: 5_000, now: () => clock });
    const { loads, load } = counter({});
    await plain.get("x", load("x"));
    await plain.get("x", load("x"));
    expect(loads).toEqual(["x", "x"]);

    const negative = createBoundedCache<string>({ maxEntries: 10, ttlMs: 5_000, now: () => clock, cacheMisses: true });
    const misses = counter({});
    expect(await negative.get("x", misses.load("x"))).toBeUndefined();
    expect(await negative.get("x", misses.load("x"))).toBeUndefined();
    expect(misses.loads).toEqual(["x"]);
    clock = 5_000;
    await negative.get("x", misses.load("x"));
    expect(misses.loads).toEqual(["x", "x"]);
  });

  it("shares one load among concurrent misses of a key", async () => {
    const cache = createBoundedCache<string>({ maxEntries: 10, ttlMs: 5_000, now: () => 0 });
    const { loads, load } = counter({ a: "A" });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get("a", load("a"))));
    expect(answers).toEqual(Array(20).fill("A"));
    expect(loads).toEqual(["a"]);
  });

  it("never stores a value whose load started before an invalidation", async () => {
    const cache = createBoundedCache<string>({ maxEntries: 10, ttlMs: 60_000, now: () => 0 });
    let release: (value: string) => void = () => {};
    const stale = cache.get("a", () => new Promise<string>((resolve) => (release = resolve)));
    cache.delete("a");
    release("before");
    expect(await stale).toBe("before");
    expect(await cache.get("a", async () => "after")).toBe("after");
  });

  it("does not cache a failed load", async () => {
    const cache = createBoundedCache<string>({ maxEntries: 10, ttlMs: 60_000, now: () => 0 });
    await expect(cache.get("a", async () => Promise.reject(new Error("store down")))).rejects.toThrow("store down");
    expect(await cache.get("a", async () => "A")).toBe("A");
  });

  it("with a TTL of 0 loads every time", async () => {
    const cache = createBoundedCache<string>({ maxEntries: 10, ttlMs: 0, now: () => 0 });
    const { loads, load } = counter({ a: "A" });
    await cache.get("a", load("a"));
    await cache.get("a", load("a"));
    expect(loads).toEqual(["a", "a"]);
    expect(cache.size).toBe(0);
  });
});
