// In-memory adapter of UpstreamDedupe: the Mongo adapter's claim semantics in a Set (a key
// claimed earlier, or earlier in the same list, loses).
import { dedupeIdOf, type UpstreamDedupe } from "../../src/upstream/upstream-dedupe.ts";

export function createInMemoryUpstreamDedupe(): UpstreamDedupe & { size(): number } {
  const claimed = new Set<string>();
  return {
    async claimAll(tenantId, keys) {
      return keys.map((key) => {
        const id = dedupeIdOf(tenantId, key);
        if (claimed.has(id)) return false;
        claimed.add(id);
        return true;
      });
    },
    async releaseAll(tenantId, keys) {
      for (const key of keys) claimed.delete(dedupeIdOf(tenantId, key));
    },
    size: () => claimed.size,
  };
}
