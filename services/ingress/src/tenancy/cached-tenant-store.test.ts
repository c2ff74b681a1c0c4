import { describe, expect, it } from "vitest";
import { cachedTenantStore } from "./cached-tenant-store.ts";
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";
import type { TenantStore } from "./tenant-store.ts";

const CALLER: Caller = { tenantId: "t1", businessId: "b1" };

const numberRecord = (phoneNumberId: string, pending = false): PhoneNumberRecord => ({
  ...CALLER,
  phoneNumberId,
  displayPhoneNumber: "15550100001",
  hostingMode: "cloud",
  processors: ["business", "meta"],
  catalogId: "",
  ...(pending
    ? {
        pendingHostingChange: {
          changeId: "c1",
          from: { hostingMode: "cloud", processors: [] },
          to: { hostingMode: "bsp", processors: [] },
          reason: "",
          changedBy: "",
          changedAtMs: 0,
        },
      }
    : {}),
});

function countingStore() {
  const calls = { callerForToken: 0, phoneNumber: 0, phoneNumberForUpstream: 0, businessForUpstream: 0 };
  let revoked = false;
  let pending = true;
  const store = {
    callerForToken: async () => {
      calls.callerForToken++;
      return revoked ? undefined : CALLER;
    },
    revokeToken: async () => {
      revoked = true;
      return true;
    },
    phoneNumber: async (_caller: Caller, id: string) => {
      calls.phoneNumber++;
      return id === "unknown" ? undefined : numberRecord(id, pending);
    },
    phoneNumberForUpstream: async (id: string) => {
      calls.phoneNumberForUpstream++;
      return numberRecord(id, pending);
    },
    businessForUpstream: async () => {
      calls.businessForUpstream++;
      return CALLER;
    },
    clearPendingHostingChange: async () => {
      pending = false;
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
    expect(await cached.callerForToken("h")).toEqual(CALLER);
    await cached.revokeToken(CALLER, "tok", 1);
    expect(await cached.callerForToken("h")).toBeUndefined();
  });

  it("sees a token revoked elsewhere within the TTL", async () => {
    let clock = 0;
    const { store } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 5_000, now: () => clock });
    expect(await cached.callerForToken("h")).toEqual(CALLER);
    await store.revokeToken(CALLER, "tok", 1); // another replica, not through this cache
    clock = 4_999;
    expect(await cached.callerForToken("h")).toEqual(CALLER);
    clock = 5_000;
    expect(await cached.callerForToken("h")).toBeUndefined();
  });

  it("keeps at most maxEntries tokens", async () => {
    const { store, calls } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 60_000, maxEntries: 2, now: () => 0 });
    for (const hash of ["h1", "h2", "h3"]) await cached.callerForToken(hash);
    await cached.callerForToken("h3");
    await cached.callerForToken("h2");
    expect(calls.callerForToken).toBe(3);
    await cached.callerForToken("h1"); // evicted
    expect(calls.callerForToken).toBe(4);
  });

  it("caches numbers per caller and for upstream routing, and business accounts, within the TTL", async () => {
    let clock = 0;
    const { store, calls } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 5_000, now: () => clock });
    for (let i = 0; i < 3; i++) {
      await cached.phoneNumber(CALLER, "n1");
      await cached.phoneNumberForUpstream("n1");
      await cached.businessForUpstream("b1");
    }
    expect(calls).toMatchObject({ phoneNumber: 1, phoneNumberForUpstream: 1, businessForUpstream: 1 });
    clock = 5_000;
    await cached.phoneNumber(CALLER, "n1");
    await cached.phoneNumberForUpstream("n1");
    await cached.businessForUpstream("b1");
    expect(calls).toMatchObject({ phoneNumber: 2, phoneNumberForUpstream: 2, businessForUpstream: 2 });
  });

  it("never caches an unknown number", async () => {
    const { store, calls } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 60_000 });
    expect(await cached.phoneNumber(CALLER, "unknown")).toBeUndefined();
    expect(await cached.phoneNumber(CALLER, "unknown")).toBeUndefined();
    expect(calls.phoneNumber).toBe(2);
  });

  it("drops a number at once when its pending hosting change is cleared through it", async () => {
    const { store } = countingStore();
    const cached = cachedTenantStore(store, { ttlMs: 60_000 });
    expect((await cached.phoneNumber(CALLER, "n1"))?.pendingHostingChange).toBeDefined();
    expect((await cached.phoneNumberForUpstream("n1"))?.pendingHostingChange).toBeDefined();
    await cached.clearPendingHostingChange(CALLER, "n1", "c1");
    expect((await cached.phoneNumber(CALLER, "n1"))?.pendingHostingChange).toBeUndefined();
    expect((await cached.phoneNumberForUpstream("n1"))?.pendingHostingChange).toBeUndefined();
  });
});
