// The UpstreamDedupe port: Meta delivers webhooks at least once, so each message, status and
// identity change is claimed (insert-first) before its event is published, and a second claim of
// the same key publishes nothing. A body's keys are claimed together, one call per tenant, so a
// body costs one store round trip however many items it carries.
//
// A claim is provisional when made and confirmed once its event's publish was acknowledged. Only
// a confirmed claim may answer a redelivery "duplicate" (200): a provisional one may belong to an
// attempt whose publish failed with its release lost, or whose process died before Kafka
// answered, and a 200 there would lose the item. A provisional claim older than the caller's
// takeover cutoff is taken over (that attempt has ended, or is far past its deadline): the taker
// publishes again under the same deterministic event ids, a duplicate at worst, which downstream
// absorbs. A young provisional claim is "pending": its attempt may still be publishing. Releases
// after a failed publish are a best effort that only makes the retry faster. Claims older than
// Meta's retry window, provisional or confirmed, are deleted by the prune job (Prunable).
import type { Prunable } from "../housekeeping/prunable.ts";
import type { DedupeKey } from "./planned-event.ts";

/** What claiming one key found. */
export type ClaimOutcome =
  /** This call holds the claim: made now, or taken over from an attempt that ended unconfirmed. */
  | "claimed"
  /** A publish of the key's event was acknowledged: a duplicate. */
  | "confirmed"
  /** Another attempt holds a provisional claim younger than the cutoff: it may still be publishing. */
  | "pending";

export interface ClaimOptions {
  /** When the claim is made (the caller's clock); a takeover restarts the claim's age from here. */
  nowMs: number;
  /** A provisional claim made before this is taken over. */
  takeOverBeforeMs: number;
}

/** Keys of one tenant. */
export interface TenantKeys {
  tenantId: string;
  keys: readonly DedupeKey[];
}

export interface UpstreamDedupe extends Prunable {
  /**
   * Claims every key at once and answers, per key in order, what the claim found. A key repeated
   * in the list is claimed once: its repeats share its answer (the caller publishes it once).
   */
  claimAll(tenantId: string, keys: readonly DedupeKey[], options: ClaimOptions): Promise<ClaimOutcome[]>;
  /**
   * Marks claims confirmed: their events' publish was acknowledged. Several tenants' keys in one
   * call, so a writer can coalesce many bodies' confirmations. Keys not claimed are ignored.
   */
  confirmAll(claims: readonly TenantKeys[]): Promise<void>;
  /** Releases claims made by `claimAll` (keys never claimed are ignored). */
  releaseAll(tenantId: string, keys: readonly DedupeKey[]): Promise<void>;
}

/** The claim's identity: deterministic, so the store's primary key decides which claim wins. */
export function dedupeIdOf(tenantId: string, key: DedupeKey): string {
  return `${tenantId}|${key.kind}|${key.wamid}|${key.status}`;
}

/** A stored claim's state, as both adapters keep it. */
export interface ClaimState {
  claimedAtMs: number;
  /** Set once the claim's event was acknowledged; absent while the claim is provisional. */
  confirmedAtMs?: number | undefined;
}

/**
 * What a claim call finds when the key was claimed before. A claim that vanished between the
 * conflict and the read (released by its failed attempt) answers "pending": the caller answers
 * 503 and Meta's retry claims it afresh, rather than this call publishing without a claim.
 */
export function outcomeOfExisting(state: ClaimState | undefined, takeOverBeforeMs: number): ClaimOutcome {
  if (!state) return "pending";
  if (state.confirmedAtMs !== undefined) return "confirmed";
  return state.claimedAtMs < takeOverBeforeMs ? "claimed" : "pending";
}
