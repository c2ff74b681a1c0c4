// In-memory adapter of the IdempotencyStore: the same claim / replay / mismatch / takeover rules
// as the Mongo adapter, in a Map keyed by scope (tenant, business, number) and key. A pending claim older than `leaseMs` is
// presumed crashed and taken over under its original message id, as an abandoned one is.
import {
  type ClaimResult,
  type IdempotencyScope,
  type IdempotencyStore,
  scopeIdOf,
} from "../../src/idempotency/idempotency-store.ts";
import { prunePageOf } from "./in-memory-prune-page.ts";

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
  const id = (scope: IdempotencyScope, key: string) => JSON.stringify([scopeIdOf(scope), key]);
  return {
    get size() {
      return entries.size;
    },
    async claim(scope, key, claim): Promise<ClaimResult> {
      const existing = entries.get(id(scope, key));
      if (!existing) {
        entries.set(id(scope, key), { ...claim, state: "pending", claimedAtMs: now() });
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
    async complete(scope, key, response) {
      const entry = entries.get(id(scope, key));
      if (entry) Object.assign(entry, { state: "done", response });
    },
    prunePage: async (cutoffMs, pageSize) => prunePageOf(entries, (entry) => entry.claimedAtMs, { cutoffMs, pageSize }),
    async release(scope, key) {
      if (entries.get(id(scope, key))?.state === "pending") entries.delete(id(scope, key));
    },
    async abandon(scope, key) {
      const entry = entries.get(id(scope, key));
      if (entry?.state === "pending") entry.state = "abandoned";
    },
  };
}
