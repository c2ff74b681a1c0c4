// Behaviour every IdempotencyStore adapter must show, written once and run against each adapter:
// the in-memory one in unit tests (src/idempotency/idempotency-store.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own; the
// store is made with the lease and the clock the contract controls.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdempotencyScope, IdempotencyStore } from "../../src/idempotency/idempotency-store.ts";

export interface IdempotencyStoreOptions {
  /** A pending claim older than this is presumed crashed and may be taken over. */
  leaseMs: number;
  now: () => number;
}

const LEASE_MS = 10_000;
const freshTenant = (): IdempotencyScope => ({ tenantId: `t-${randomUUID()}`, businessId: "b1", phoneNumberId: "p1" });

export function describeIdempotencyStoreContract(
  adapter: string,
  makeStore: (options: IdempotencyStoreOptions) => Promise<IdempotencyStore>,
): void {
  describe(`IdempotencyStore contract: ${adapter}`, () => {
    const clock = { ms: 1_000_000 };
    let store: IdempotencyStore;
    beforeAll(async () => {
      store = await makeStore({ leaseMs: LEASE_MS, now: () => clock.ms });
    });

    it("lets exactly one of ten concurrent claims own a key", async () => {
      const tenant = freshTenant();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.claim(tenant, "race", { bodyHash: "h", messageId: `wamid.m${i}` })),
      );
      expect(results.filter((r) => r.kind === "claimed")).toHaveLength(1);
      expect(results.filter((r) => r.kind === "in_progress")).toHaveLength(9);
    });

    it("replays a completed answer, refuses another body, and scopes keys by tenant", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      expect(await store.claim(t1, "k", { bodyHash: "h", messageId: "wamid.a" })).toEqual({
        kind: "claimed",
        messageId: "wamid.a",
      });
      expect(await store.claim(t1, "k", { bodyHash: "h", messageId: "wamid.b" })).toEqual({ kind: "in_progress" });
      await store.complete(t1, "k", { statusCode: 200, body: { messages: [{ id: "wamid.a" }] } });
      expect(await store.claim(t1, "k", { bodyHash: "h", messageId: "wamid.b" })).toEqual({
        kind: "replay",
        response: { statusCode: 200, body: { messages: [{ id: "wamid.a" }] } },
      });
      expect(await store.claim(t1, "k", { bodyHash: "other", messageId: "wamid.c" })).toEqual({ kind: "mismatch" });
      expect((await store.claim(t2, "k", { bodyHash: "other", messageId: "wamid.d" })).kind).toBe("claimed");
    });

    it("scopes keys by business and by number within a tenant", async () => {
      const scope = freshTenant();
      await store.claim(scope, "k", { bodyHash: "h", messageId: "wamid.s1" });
      await store.complete(scope, "k", { statusCode: 200, body: { id: "s1" } });
      const otherBusiness = { ...scope, businessId: "b2" };
      const otherNumber = { ...scope, phoneNumberId: "p2" };
      expect(await store.claim(otherBusiness, "k", { bodyHash: "other", messageId: "wamid.s2" })).toEqual({
        kind: "claimed",
        messageId: "wamid.s2",
      });
      expect(await store.claim(otherNumber, "k", { bodyHash: "h", messageId: "wamid.s3" })).toEqual({
        kind: "claimed",
        messageId: "wamid.s3",
      });
    });

    it("treats operator-looking keys as literal strings", async () => {
      const tenant = freshTenant();
      await store.claim(tenant, "plain", { bodyHash: "h", messageId: "wamid.p" });
      await store.complete(tenant, "plain", { statusCode: 200, body: { id: "p" } });
      const injected = await store.claim(tenant, '{"$ne":null}', { bodyHash: "h", messageId: "wamid.q" });
      expect(injected).toEqual({ kind: "claimed", messageId: "wamid.q" });
    });

    it("forgets a released claim and hands an abandoned one over under its message id", async () => {
      const tenant = freshTenant();
      await store.claim(tenant, "released", { bodyHash: "h", messageId: "wamid.r1" });
      await store.release(tenant, "released");
      expect(await store.claim(tenant, "released", { bodyHash: "h2", messageId: "wamid.r2" })).toEqual({
        kind: "claimed",
        messageId: "wamid.r2",
      });

      await store.claim(tenant, "abandoned", { bodyHash: "h", messageId: "wamid.x1" });
      await store.abandon(tenant, "abandoned");
      expect(await store.claim(tenant, "abandoned", { bodyHash: "h", messageId: "wamid.x2" })).toEqual({
        kind: "claimed",
        messageId: "wamid.x1",
      });
      expect(await store.claim(tenant, "abandoned", { bodyHash: "h", messageId: "wamid.x3" })).toEqual({
        kind: "in_progress",
      });
    });

    it("neither releases nor abandons an answered key", async () => {
      const tenant = freshTenant();
      await store.claim(tenant, "done", { bodyHash: "h", messageId: "wamid.d1" });
      await store.complete(tenant, "done", { statusCode: 200, body: { id: "d1" } });
      await store.release(tenant, "done");
      await store.abandon(tenant, "done");
      expect(await store.claim(tenant, "done", { bodyHash: "h", messageId: "wamid.d2" })).toEqual({
        kind: "replay",
        response: { statusCode: 200, body: { id: "d1" } },
      });
    });

    it("takes over a pending claim after its lease, once", async () => {
      const tenant = freshTenant();
      await store.claim(tenant, "crashed", { bodyHash: "h", messageId: "wamid.c1" });
      expect((await store.claim(tenant, "crashed", { bodyHash: "h", messageId: "wamid.c2" })).kind).toBe("in_progress");
      clock.ms += LEASE_MS + 1;
      const takeovers = await Promise.all([
        store.claim(tenant, "crashed", { bodyHash: "h", messageId: "wamid.c3" }),
        store.claim(tenant, "crashed", { bodyHash: "h", messageId: "wamid.c4" }),
      ]);
      expect(takeovers.filter((r) => r.kind === "claimed")).toEqual([{ kind: "claimed", messageId: "wamid.c1" }]);
      // The takeover holds a fresh lease.
      expect((await store.claim(tenant, "crashed", { bodyHash: "h", messageId: "wamid.c5" })).kind).toBe("in_progress");
    });

    // Last: pruning deletes every key older than the cutoff, whichever case made it.
    it("prunes keys older than the cutoff in bounded pages, and keeps younger ones", async () => {
      const scope = freshTenant();
      await store.claim(scope, "old", { bodyHash: "h", messageId: "wamid.o1" });
      await store.complete(scope, "old", { statusCode: 200, body: { id: "o1" } });
      clock.ms += 1_000;
      const cutoffMs = clock.ms;
      await store.claim(scope, "young", { bodyHash: "h", messageId: "wamid.y1" });
      let more = true;
      let pages = 0;
      for (; more && pages < 1_000; pages += 1) more = (await store.prunePage(cutoffMs, 2)).more;
      expect(pages).toBeGreaterThan(1);
      // The old answer is forgotten: the key is claimable afresh; the young claim is still held.
      expect(await store.claim(scope, "old", { bodyHash: "other", messageId: "wamid.o2" })).toEqual({
        kind: "claimed",
        messageId: "wamid.o2",
      });
      expect((await store.claim(scope, "young", { bodyHash: "h", messageId: "wamid.y2" })).kind).toBe("in_progress");
    });
  });
}
