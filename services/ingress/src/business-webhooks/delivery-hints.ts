// What a delivery worker knows, in memory, of the deliveries it is likely to send next: those its
// own intake just queued and those it rescheduled itself, each with the time it is due. Rounds
// claim them by key (DeliveryStore.claimKnown), so a worker that keeps up costs the store the
// round, not a scan of the whole work queue: on FerretDB v1 claimDue's filters are served by no
// index, and a full fault audit's queue of 88,000 deliveries made every round decode all of them.
// Only hints: the store decides every claim, a hint that is gone or taken elsewhere is dropped,
// and the worker's periodic scan (DeliveryStore.dueSample, whose sample becomes hints too) finds
// whatever no hint names (another replica's deliveries after its crash, replays, anything past
// the bound below).
import type { TenantScope } from "@switchboard/kit";
import type { DeliveryRef } from "./delivery-store.ts";
import { fairShares } from "./fair-shares.ts";

interface Hint {
  deliveryId: string;
  dueAtMs: number;
}

export interface DeliveryHints {
  /** Remembers deliveries of one business due at `dueAtMs`; beyond the bound they are left to the scan. */
  add(scope: TenantScope, deliveries: readonly { deliveryId: string; dueAtMs: number }[]): void;
  /**
   * Takes (forgets) up to `limit` hints due at `nowMs`, or of an `expedite` business whatever
   * their time, at most `perBusiness` of one business, shared between businesses as the store's
   * rounds are (fair-shares.ts), earliest due first within each.
   */
  take(nowMs: number, limit: number, perBusiness: number, expedite: readonly TenantScope[]): DeliveryRef[];
  /** Whether it holds a hint of this delivery. */
  has(scope: TenantScope, deliveryId: string): boolean;
  size(): number;
}

const keyOf = (scope: TenantScope) => `${scope.tenantId}/${scope.businessId}`;

export function createDeliveryHints(maxHints: number): DeliveryHints {
  const byBusiness = new Map<string, { scope: TenantScope; hints: Map<string, Hint> }>();
  let size = 0;
  let lastServed = "";

  return {
    add(scope, deliveries) {
      const key = keyOf(scope);
      let entry = byBusiness.get(key);
      if (!entry) {
        entry = { scope, hints: new Map() };
        byBusiness.set(key, entry);
      }
      for (const { deliveryId, dueAtMs } of deliveries) {
        if (!entry.hints.has(deliveryId)) {
          if (size >= maxHints) continue;
          size++;
        }
        entry.hints.set(deliveryId, { deliveryId, dueAtMs });
      }
      if (entry.hints.size === 0) byBusiness.delete(key);
    },

    take(nowMs, limit, perBusiness, expedite) {
      const hurried = new Set(expedite.map(keyOf));
      const due = new Map<string, Hint[]>();
      for (const [key, entry] of byBusiness) {
        const ready = [...entry.hints.values()].filter((hint) => hint.dueAtMs <= nowMs || hurried.has(key));
        if (ready.length > 0)
          due.set(
            key,
            ready.sort((a, b) => a.dueAtMs - b.dueAtMs),
          );
      }
      const shares = fairShares(
        [...due].map(([key, hints]) => ({ key, due: hints.length })),
        limit,
        perBusiness,
        lastServed,
      );
      lastServed = shares.at(-1)?.key ?? lastServed;
      return shares.flatMap(({ key, take }) => {
        const entry = byBusiness.get(key);
        if (!entry) return [];
        const taken = (due.get(key) ?? []).slice(0, take);
        for (const hint of taken) entry.hints.delete(hint.deliveryId);
        size -= taken.length;
        if (entry.hints.size === 0) byBusiness.delete(key);
        return taken.map((hint) => ({ scope: entry.scope, deliveryId: hint.deliveryId }));
      });
    },

    has: (scope, deliveryId) => byBusiness.get(keyOf(scope))?.hints.has(deliveryId) ?? false,

    size: () => size,
  };
}
