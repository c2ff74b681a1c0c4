// The UpstreamDedupe port: Meta delivers webhooks at least once, so each message, status and
// identity change is claimed (insert-first) before its event is published; a second claim of the
// same key loses and publishes nothing. A webhook body's keys are claimed together, one call per
// tenant, so a body costs one store round trip however many items it carries. Claims are released
// when publishing fails, so Meta's retry gets through. Claims older than Meta's retry window are
// deleted by the prune job (Prunable).
import type { Prunable } from "../housekeeping/prunable.ts";
import type { DedupeKey } from "./planned-event.ts";

export interface UpstreamDedupe extends Prunable {
  /**
   * Claims every key at once. Answers, per key in order, true when this call made the claim and
   * false when it was claimed before (by an earlier call, or earlier in the same list).
   */
  claimAll(tenantId: string, keys: readonly DedupeKey[]): Promise<boolean[]>;
  /** Releases claims made by `claimAll` (keys never claimed are ignored). */
  releaseAll(tenantId: string, keys: readonly DedupeKey[]): Promise<void>;
}

/** The claim's identity: deterministic, so the store's primary key decides which claim wins. */
export function dedupeIdOf(tenantId: string, key: DedupeKey): string {
  return `${tenantId}|${key.kind}|${key.wamid}|${key.status}`;
}
