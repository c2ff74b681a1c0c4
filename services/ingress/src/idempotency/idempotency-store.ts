// The IdempotencyStore port: remembers, per business number and `Idempotency-Key`, which request
// body was first sent with the key and what it was answered, so a retry gets the first answer and
// publishes nothing new. Keys are scoped by tenant, business and phone number: two businesses of
// one BSP tenant choosing the same key never see each other's answers. Every method takes that
// scope first and uses all of it in every filter.
import type { Prunable } from "../housekeeping/prunable.ts";

export interface IdempotencyScope {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
}

/** One string per scope. Tenant, business and number ids never contain `|`. */
export const scopeIdOf = (scope: IdempotencyScope) => `${scope.tenantId}|${scope.businessId}|${scope.phoneNumberId}`;

/** What a key is bound to once claimed. `messageId` is fixed at claim time so a takeover after a
 * crash republishes under the same wamid (and event id) rather than creating a second message. */
export interface IdempotencyClaim {
  bodyHash: string;
  messageId: string;
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export type ClaimResult =
  /** This request owns the key: do the work, then `complete` (or `release` on a refusal). */
  | { kind: "claimed"; messageId: string }
  /** Already answered: return this. */
  | { kind: "replay"; response: StoredResponse }
  /** The key was first used with another body. */
  | { kind: "mismatch" }
  /** Another request with this key is still being processed. */
  | { kind: "in_progress" };

export interface IdempotencyStore extends Prunable {
  claim(scope: IdempotencyScope, key: string, claim: IdempotencyClaim): Promise<ClaimResult>;
  complete(scope: IdempotencyScope, key: string, response: StoredResponse): Promise<void>;
  /** Forgets a claim whose request was refused before anything was published (e.g. 429). */
  release(scope: IdempotencyScope, key: string): Promise<void>;
  /** Marks a claim whose publish may have failed: the next retry takes it over at once. */
  abandon(scope: IdempotencyScope, key: string): Promise<void>;
}
