import { describe, expect, it } from "vitest";
import { cachedTenancy } from "./cached-tenancy.ts";
import type { Tenancy } from "./tenancy.ts";
import type { TenancyAdmin } from "./tenancy-admin.ts";
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";

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
  const calls = {
    callerForToken: 0,
    phoneNumber: 0,
    phoneNumberForUpstream: 0,
    businessForUpstream: 0,
    metaCredentials: 0,
  };
  let graphApiVersion = "v23.0";
  let revoked = false;
  let pending = true;
  const store: Tenancy = {
    callers: {
      callerForToken: async () => {
        calls.callerForToken++;
        return revoked ? undefined : CALLER;
      },
      phoneNumber: async (_caller: Caller, id: string) => {
        calls.phoneNumber++;
        return id === "unknown" ? undefined : numberRecord(id, pending);
      },
    },
    upstream: {
      phoneNumberForUpstream: async (id: string) => {
        calls.phoneNumberForUpstream++;
        return numberRecord(id, pending);
      },
      businessForUpstream: async () => {
        calls.businessForUpstream++;
        return CALLER;
      },
      metaCredentials: async (businessId: string) => {
        calls.metaCredentials++;
        return {
          ...CALLER,
          businessId,
          sealedSystemUserToken: "v1.sealed",
          sealedAppSecret: "v1.sealed",
          graphApiVersion,
          updatedAtMs: 1,
        };
      },
    },
    // Only the writes these tests make; the cache passes every other admin call straight through.
    admin: {
      revokeToken: async () => {
        revoked = true;
        return true;
      },
      clearPendingHostingChange: async () => {
        pending = false;
      },
      setMetaCredentials: async (_scope: Caller, credentials: { graphApiVersion: string }) => {
        graphApiVersion = credentials.graphApiVersion;
      },
    } as unknown as TenancyAdmin,
  };
  return { store, calls };
}

describe("cached tenancy", () => {
  it("answers repeated token lookups from memory until the entry expires", async () => {
    let clock = 0;
    const { store, calls } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 5_000, now: () => clock });
    await cached.callers.callerForToken("h");
    await cached.callers.callerForToken("h");
    expect(calls.callerForToken).toBe(1);
    clock = 5_001;
    await cached.callers.callerForToken("h");
    expect(calls.callerForToken).toBe(2);
  });

  it("forgets callers at once when a token is revoked through it", async () => {
    const { store } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 60_000 });
    expect(await cached.callers.callerForToken("h")).toEqual(CALLER);
    await cached.admin.revokeToken(CALLER, "tok", 1);
    expect(await cached.callers.callerForToken("h")).toBeUndefined();
  });

  it("sees a token revoked elsewhere within the TTL", async () => {
    let clock = 0;
    const { store } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 5_000, now: () => clock });
    expect(await cached.callers.callerForToken("h")).toEqual(CALLER);
    await store.admin.revokeToken(CALLER, "tok", 1); // another replica, not through this cache
    clock = 4_999;
    expect(await cached.callers.callerForToken("h")).toEqual(CALLER);
    clock = 5_000;
    expect(await cached.callers.callerForToken("h")).toBeUndefined();
  });

  it("keeps at most maxEntries tokens", async () => {
    const { store, calls } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 60_000, maxEntries: 2, now: () => 0 });
    for (const hash of ["h1", "h2", "h3"]) await cached.callers.callerForToken(hash);
    await cached.callers.callerForToken("h3");
    await cached.callers.callerForToken("h2");
    expect(calls.callerForToken).toBe(3);
    await cached.callers.callerForToken("h1"); // evicted
    expect(calls.callerForToken).toBe(4);
  });

  it("caches numbers per caller and for upstream routing, and business accounts, within the TTL", async () => {
    let clock = 0;
    const { store, calls } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 5_000, now: () => clock });
    for (let i = 0; i < 3; i++) {
      await cached.callers.phoneNumber(CALLER, "n1");
      await cached.upstream.phoneNumberForUpstream("n1");
      await cached.upstream.businessForUpstream("b1");
    }
    expect(calls).toMatchObject({ phoneNumber: 1, phoneNumberForUpstream: 1, businessForUpstream: 1 });
    clock = 5_000;
    await cached.callers.phoneNumber(CALLER, "n1");
    await cached.upstream.phoneNumberForUpstream("n1");
    await cached.upstream.businessForUpstream("b1");
    expect(calls).toMatchObject({ phoneNumber: 2, phoneNumberForUpstream: 2, businessForUpstream: 2 });
  });

  it("never caches an unknown number", async () => {
    const { store, calls } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 60_000 });
    expect(await cached.callers.phoneNumber(CALLER, "unknown")).toBeUndefined();
    expect(await cached.callers.phoneNumber(CALLER, "unknown")).toBeUndefined();
    expect(calls.phoneNumber).toBe(2);
  });

  it("drops a number at once when its pending hosting change is cleared through it", async () => {
    const { store } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 60_000 });
    expect((await cached.callers.phoneNumber(CALLER, "n1"))?.pendingHostingChange).toBeDefined();
    expect((await cached.upstream.phoneNumberForUpstream("n1"))?.pendingHostingChange).toBeDefined();
    await cached.admin.clearPendingHostingChange(CALLER, "n1", "c1");
    expect((await cached.callers.phoneNumber(CALLER, "n1"))?.pendingHostingChange).toBeUndefined();
    expect((await cached.upstream.phoneNumberForUpstream("n1"))?.pendingHostingChange).toBeUndefined();
  });

  it("serves Meta credentials from memory, and forgets them when they are replaced here", async () => {
    const { store, calls } = countingStore();
    const cached = cachedTenancy(store, { ttlMs: 60_000, now: () => 0 });
    await cached.upstream.metaCredentials("200");
    expect((await cached.upstream.metaCredentials("200"))?.graphApiVersion).toBe("v23.0");
    expect(calls.metaCredentials).toBe(1);
    await cached.admin.setMetaCredentials(
      { tenantId: CALLER.tenantId, businessId: "200" },
      { sealedSystemUserToken: "v1.new", sealedAppSecret: "v1.new", graphApiVersion: "v24.0", updatedAtMs: 2 },
    );
    expect((await cached.upstream.metaCredentials("200"))?.graphApiVersion).toBe("v24.0");
    expect(calls.metaCredentials).toBe(2);
  });
});
