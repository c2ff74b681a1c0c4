// In-memory adapter of UpstreamDedupe: the Mongo adapter's claim semantics in a Map (a key
// claimed earlier loses unless its claim is provisional and older than the takeover cutoff; a
// repeat within one list shares its first answer), each claim with when it was made and, once
// confirmed, when. Unlike FerretDB its takeovers are atomic; the contract asks for no more.
import {
  type ClaimOutcome,
  type ClaimState,
  dedupeIdOf,
  outcomeOfExisting,
  type UpstreamDedupe,
} from "../../src/upstream/upstream-dedupe.ts";
import { prunePageOf } from "./in-memory-prune-page.ts";

export interface InMemoryUpstreamDedupe extends UpstreamDedupe {
  size(): number;
  /** The stored state of a claim, for tests to look at. */
  stateOf(id: string): ClaimState | undefined;
}

export function createInMemoryUpstreamDedupe(): InMemoryUpstreamDedupe {
  const claims = new Map<string, ClaimState>();
  return {
    async claimAll(tenantId, keys, { nowMs, takeOverBeforeMs }) {
      const answered = new Map<string, ClaimOutcome>();
      return keys.map((key) => {
        const id = dedupeIdOf(tenantId, key);
        const earlier = answered.get(id);
        if (earlier) return earlier;
        const existing = claims.get(id);
        const outcome = existing ? outcomeOfExisting(existing, takeOverBeforeMs) : "claimed";
        if (outcome === "claimed") claims.set(id, { claimedAtMs: nowMs });
        answered.set(id, outcome);
        return outcome;
      });
    },
    async confirmAll(batch) {
      const confirmedAtMs = Date.now();
      for (const { tenantId, keys } of batch) {
        for (const key of keys) {
          const claim = claims.get(dedupeIdOf(tenantId, key));
          if (claim) claim.confirmedAtMs = confirmedAtMs;
        }
      }
    },
    prunePage: async (cutoffMs, pageSize) => prunePageOf(claims, (claim) => claim.claimedAtMs, { cutoffMs, pageSize }),
    async releaseAll(tenantId, keys) {
      for (const key of keys) claims.delete(dedupeIdOf(tenantId, key));
    },
    size: () => claims.size,
    stateOf: (id) => {
      const claim = claims.get(id);
      return claim ? { ...claim } : undefined;
    },
  };
}
