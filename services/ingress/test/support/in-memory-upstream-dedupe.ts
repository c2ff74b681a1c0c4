// In-memory adapter of UpstreamDedupe: the Mongo adapter's claim semantics in a Set (a key
// claimed earlier, or earlier in the same list, loses), each claim with when it was made.

import { dedupeIdOf, type UpstreamDedupe } from "../../src/upstream/upstream-dedupe.ts";
import { prunePageOf } from "./in-memory-prune-page.ts";

export function createInMemoryUpstreamDedupe(): UpstreamDedupe & { size(): number } {
  const claimed = new Map<string, number>();
  return {
    async claimAll(tenantId, keys) {
      return keys.map((key) => {
        const id = dedupeIdOf(tenantId, key);
        if (claimed.has(id)) return false;
        claimed.set(id, Date.now());
        return true;
      });
    },
    prunePage: async (cutoffMs, pageSize, after) =>
      prunePageOf(claimed, (claimedAtMs) => claimedAtMs, { cutoffMs, pageSize, after }),
    async releaseAll(tenantId, keys) {
      for (const key of keys) claimed.delete(dedupeIdOf(tenantId, key));
    },
    size: () => claimed.size,
  };
}
