// The UpstreamDedupe port: Meta delivers webhooks at least once, so each message, status and
// identity change is claimed (insert-first) before its event is published; a second claim of the
// same key loses and publishes nothing. A claim is released when publishing fails, so Meta's retry
// gets through.
import type { DedupeKey } from "./planned-event.ts";

export interface UpstreamDedupe {
  /** True when this call made the claim; false when the key was claimed before. */
  claim(tenantId: string, key: DedupeKey): Promise<boolean>;
  release(tenantId: string, key: DedupeKey): Promise<void>;
}

/** For unit tests: the same semantics in a Set. */
export function createInMemoryUpstreamDedupe(): UpstreamDedupe & { size(): number } {
  const claimed = new Set<string>();
  const id = (tenantId: string, key: DedupeKey) => JSON.stringify([tenantId, key.kind, key.wamid, key.status]);
  return {
    async claim(tenantId, key) {
      if (claimed.has(id(tenantId, key))) return false;
      claimed.add(id(tenantId, key));
      return true;
    },
    async release(tenantId, key) {
      claimed.delete(id(tenantId, key));
    },
    size: () => claimed.size,
  };
}
