// Behaviour every UpstreamDedupe adapter must show, written once and run against each adapter: the
// in-memory one in unit tests (src/upstream/upstream-dedupe.test.ts), the Mongo one in the
// integration tests (test/store-contracts.int.test.ts). Each case works in tenants of its own.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DedupeKey } from "../../src/upstream/planned-event.ts";
import type { UpstreamDedupe } from "../../src/upstream/upstream-dedupe.ts";

const inbound = (wamid: string): DedupeKey => ({ kind: "inbound", wamid, status: "" });
const status = (wamid: string, value: string): DedupeKey => ({ kind: "status", wamid, status: value });
const freshTenant = () => `t-${randomUUID()}`;

export function describeUpstreamDedupeContract(adapter: string, makeStore: () => Promise<UpstreamDedupe>): void {
  describe(`UpstreamDedupe contract: ${adapter}`, () => {
    let dedupe: UpstreamDedupe;
    beforeAll(async () => {
      dedupe = await makeStore();
    });

    it("claims a list at once: earlier claims and repeats within the list lose, tenants are apart", async () => {
      const [t1, t2] = [freshTenant(), freshTenant()];
      expect(await dedupe.claimAll(t1, [inbound("w1")])).toEqual([true]);
      expect(await dedupe.claimAll(t1, [inbound("w1")])).toEqual([false]);
      expect(
        await dedupe.claimAll(t1, [inbound("w1"), status("w1", "read"), status("w1", "read"), status("w1", "sent")]),
      ).toEqual([false, true, false, true]);
      expect(await dedupe.claimAll(t2, [inbound("w1"), status("w1", "read")])).toEqual([true, true]);
      expect(await dedupe.claimAll(t1, [])).toEqual([]);
    });

    it("lets exactly one of concurrent claims of one key win", async () => {
      const tenant = freshTenant();
      const answers = await Promise.all(Array.from({ length: 8 }, () => dedupe.claimAll(tenant, [inbound("race")])));
      expect(answers.flat().filter(Boolean)).toHaveLength(1);
    });

    it("releases exactly the keys named, so they can be claimed again", async () => {
      const [tenant, other] = [freshTenant(), freshTenant()];
      expect(await dedupe.claimAll(tenant, [inbound("a"), inbound("b")])).toEqual([true, true]);
      expect(await dedupe.claimAll(other, [inbound("a")])).toEqual([true]);
      await dedupe.releaseAll(tenant, [inbound("a"), inbound("a"), inbound("never-claimed")]);
      await dedupe.releaseAll(tenant, []);
      expect(await dedupe.claimAll(tenant, [inbound("a"), inbound("b"), inbound("never-claimed")])).toEqual([
        true,
        false,
        true,
      ]);
      // Another tenant's claim of the same key is untouched.
      expect(await dedupe.claimAll(other, [inbound("a")])).toEqual([false]);
    });

    // Last: pruning deletes every claim older than the cutoff, whichever case made it.
    it("prunes claims older than the cutoff in bounded pages, and keeps younger ones", async () => {
      const tenant = freshTenant();
      await dedupe.claimAll(tenant, [inbound("p1"), inbound("p2"), inbound("p3")]);
      const pruneAll = async (cutoffMs: number) => {
        let after: string | undefined;
        let deleted = 0;
        for (let page = 0; page < 10_000; page += 1) {
          const result = await dedupe.prunePage(cutoffMs, 2, after);
          deleted += result.deleted;
          after = result.next;
          if (after === undefined) break;
        }
        return deleted;
      };
      expect(await pruneAll(Date.now() - 60_000)).toBe(0);
      expect(await dedupe.claimAll(tenant, [inbound("p1")])).toEqual([false]);
      expect(await pruneAll(Date.now() + 1)).toBeGreaterThanOrEqual(3);
      expect(await dedupe.claimAll(tenant, [inbound("p1"), inbound("p2"), inbound("p3")])).toEqual([true, true, true]);
    });
  });
}
