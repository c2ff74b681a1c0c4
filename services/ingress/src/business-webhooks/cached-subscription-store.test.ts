import { describe, expect, it } from "vitest";
import { createInMemorySubscriptionStore } from "../../test/support/in-memory-subscription-store.ts";
import { cachedSubscriptionStore } from "./cached-subscription-store.ts";
import type { SubscriptionStore } from "./webhook-subscription.ts";

const SCOPE = { tenantId: "t1", businessId: "b1" };
const SUBSCRIPTION = {
  callbackUrl: "https://example.test/hook",
  verifyToken: "v",
  appSecret: "s",
  createdAtMs: 1,
  updatedAtMs: 1,
};

function counting(inner: SubscriptionStore) {
  const calls = { get: 0 };
  const store: SubscriptionStore = {
    put: (scope, subscription) => inner.put(scope, subscription),
    get: (scope) => {
      calls.get++;
      return inner.get(scope);
    },
  };
  return { store, calls };
}

describe("cached subscription store", () => {
  it("remembers a business without a subscription for the TTL, and one with it", async () => {
    let clock = 0;
    const inner = createInMemorySubscriptionStore();
    const { store, calls } = counting(inner);
    const cached = cachedSubscriptionStore(store, { ttlMs: 5_000, now: () => clock });
    expect(await cached.get(SCOPE)).toBeUndefined();
    expect(await cached.get(SCOPE)).toBeUndefined();
    expect(calls.get).toBe(1);

    await inner.put(SCOPE, SUBSCRIPTION); // through another replica
    clock = 4_999;
    expect(await cached.get(SCOPE)).toBeUndefined();
    clock = 5_000;
    expect((await cached.get(SCOPE))?.callbackUrl).toBe(SUBSCRIPTION.callbackUrl);
    expect(await cached.get(SCOPE)).toBeDefined();
    expect(calls.get).toBe(2);
  });

  it("sees a subscription stored through it at once", async () => {
    const cached = cachedSubscriptionStore(createInMemorySubscriptionStore(), { ttlMs: 60_000 });
    expect(await cached.get(SCOPE)).toBeUndefined();
    await cached.put(SCOPE, SUBSCRIPTION);
    expect((await cached.get(SCOPE))?.appSecret).toBe("s");
    await cached.put(SCOPE, { ...SUBSCRIPTION, callbackUrl: "https://example.test/other" });
    expect((await cached.get(SCOPE))?.callbackUrl).toBe("https://example.test/other");
  });

  it("keeps at most maxEntries businesses", async () => {
    const { store, calls } = counting(createInMemorySubscriptionStore());
    const cached = cachedSubscriptionStore(store, { ttlMs: 60_000, maxEntries: 2, now: () => 0 });
    for (const businessId of ["b1", "b2", "b3"]) await cached.get({ tenantId: "t1", businessId });
    await cached.get({ tenantId: "t1", businessId: "b3" });
    expect(calls.get).toBe(3);
    await cached.get({ tenantId: "t1", businessId: "b1" });
    expect(calls.get).toBe(4);
  });
});
