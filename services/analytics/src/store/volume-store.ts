// The VolumeStore port, shaped for one consumed batch: a few calls per batch whatever its size,
// each one bulk request (or a bounded number of them) in the adapters. Every record, part and
// reference names its tenant, adapters derive ids from it and check it on everything they read;
// a business-scoped reader sees only that business's phone numbers. No method ever needs a
// transaction, and no method writes a rollup part other than by `applyDeltas` (one writer per part).
import type { TenantScope } from "@switchboard/kit";
import type { CountedEvent, Delivery, VolumeEventRef } from "../domain/counted-event.ts";
import type { RollupDelta, RollupPart, RollupPartRef } from "../domain/rollup-parts.ts";
import type { VolumeRollup } from "../domain/volume.ts";

export interface VolumeQuery {
  /** Empty: every phone number the scope may see. */
  phoneNumberId: string;
  /** Inclusive. */
  fromMs: number;
  /** Exclusive. */
  toMs: number;
}

export interface VolumeStore {
  /**
   * Stores one record per event (message identity, bucket, business, delivery position); an event
   * whose message is already stored, or repeated earlier in `events`, is skipped. Returns the
   * positions in `events` that were skipped.
   */
  recordEvents(events: readonly CountedEvent[]): Promise<Set<number>>;
  /** Where each given stored message was delivered, by volume event id; unknown ones are absent. */
  readDeliveries(refs: readonly VolumeEventRef[]): Promise<Map<string, Delivery>>;
  /** The stored parts among `refs`; parts never written are absent. */
  readRollupParts(refs: readonly RollupPartRef[]): Promise<RollupPart[]>;
  /**
   * Per delta: creates the part if needed, adds `delta` to its count and raises its
   * appliedOffset to at least the given one. Unordered; throws if any write failed.
   */
  applyDeltas(deltas: readonly RollupDelta[]): Promise<void>;
  /** Absolute rollups (parts summed) whose bucket starts in [fromMs, toMs), sorted by bucket, phone number, direction. */
  listRollups(scope: TenantScope, query: VolumeQuery): Promise<VolumeRollup[]>;
}
