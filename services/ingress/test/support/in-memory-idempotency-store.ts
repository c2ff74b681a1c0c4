// In-memory adapter of the IdempotencyStore: the same claim / replay / mismatch / takeover rules
// as the Mongo adapter, in a Map keyed by tenant and key. A pending claim older than `leaseMs` is
// presumed crashed and taken over under its original message id, as an abandoned one is.
import type { ClaimResult, IdempotencyStore } from "../../src/idempotency/idempotency-store.ts";

interface Entry {
  bodyHash: string;
  messageId: string;
  state: "pending" | "done" | "abandoned";
  claimedAtMs: number;
  response?: { statusCode: number; body: unknown };
}

export interface InMemoryIdempotencyOptions {
  /** A pending claim older than this may be taken over (default: one minute). */
  leaseMs?: number;
  now?: () => number;
}

export function createInMemoryIdempotencyStore(
  options: InMemoryIdempotencyOptions = {},
): IdempotencyStore & { readonly size: number } {
  const leaseMs = options.leaseMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const id = (tenantId: string, key: string) => JSON.stringify([tenantId, key]);
  return {
    get size() {
      return entries.size;
    },
    async claim(tenantId, key, claim): Promise<ClaimResult> {
      const existing = entries.get(id(tenantId, key));
      if (!existing) {
        entries.set(id(tenantId, key), { ...claim, state: "pending", claimedAtMs: now() });
        return { kind: "claimed", messageId: claim.messageId };
      }
      if (existing.bodyHash !== claim.bodyHash) return { kind: "mismatch" };
      if (existing.state === "done" && existing.response) return { kind: "replay", response: existing.response };
      if (existing.state === "abandoned" || existing.claimedAtMs < now() - leaseMs) {
        Object.assign(existing, { state: "pending", claimedAtMs: now() });
        return { kind: "claimed", messageId: existing.messageId };
      }
      return { kind: "in_progress" };
    },
    async complete(tenantId, key, response) {
      const entry = entries.get(id(tenantId, key));
      if (entry) Object.assign(entry, { state: "done", response });
    },
    async release(tenantId, key) {
      if (entries.get(id(tenantId, key))?.state === "pending") entries.delete(id(tenantId, key));
    },
    async abandon(tenantId, key) {
      const entry = entries.get(id(tenantId, key));
      if (entry?.state === "pending") entry.state = "abandoned";
    },
  };
}
