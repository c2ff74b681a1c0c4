import { describe, expect, it } from "vitest";
import { cachedTenantStore } from "./cached-tenant-store.ts";
import type { TenantStore } from "./tenant-store.ts";

function countingStore() {
  const calls = { callerForToken: 0 };
  let revoked = false;
  const store = {
    callerForToken: async () => {
      calls.callerForToken++;
      return revoked ? undefined : { tenantId: "t1", businessId: "b1" };
    },
    revokeToken: async () => {
      revoked = true;
      return true;
    },
  } as unknown as TenantStore;
  return { store, calls };
}

describe("cached tenant store", () => {
  it("answers repeated token lookups from memory until the entry expires", async () => {
    let clock = 0;
    const { store, calls } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 5_000, now: () => clock });
    await cached.callerForToken("h");
    await cached.callerForToken("h");
    expect(calls.callerForToken).toBe(1);
    clock = 5_001;
    await cached.callerForToken("h");
    expect(calls.callerForToken).toBe(2);
  });

  it("forgets callers at once when a token is revoked through it", async () => {
    const { store } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 60_000 });
    expect(await cached.callerForToken("h")).toEqual({ tenantId: "t1", businessId: "b1" });
    await cached.revokeToken({ tenantId: "t1", businessId: "b1" }, "tok", 1);
    expect(await cached.callerForToken("h")).toBeUndefined();
  });
});
