// In-memory adapter of the IdempotencyStore for unit tests: the same claim / replay / mismatch /
// takeover rules as the Mongo adapter, in a Map keyed by tenant and key. Never used in production.
import type { ClaimResult, IdempotencyStore } from "./idempotency-store.ts";

interface Entry {
  bodyHash: string;
  messageId: string;
  state: "pending" | "done" | "abandoned";
  response?: { statusCode: number; body: unknown };
}

export function createInMemoryIdempotencyStore(): IdempotencyStore & { readonly size: number } {
  const entries = new Map<string, Entry>();
  const id = (tenantId: string, key: string) => JSON.stringify([tenantId, key]);
  return {
    get size() {
      return entries.size;
    },
    async claim(tenantId, key, claim): Promise<ClaimResult> {
      const existing = entries.get(id(tenantId, key));
      if (!existing) {
        entries.set(id(tenantId, key), { ...claim, state: "pending" });
        return { kind: "claimed", messageId: claim.messageId };
      }
      if (existing.bodyHash !== claim.bodyHash) return { kind: "mismatch" };
      if (existing.state === "done" && existing.response) return { kind: "replay", response: existing.response };
      if (existing.state === "abandoned") {
        existing.state = "pending";
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
