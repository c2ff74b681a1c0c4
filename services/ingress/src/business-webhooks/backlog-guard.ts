// The cap on what a business may have pending: WEBHOOK_MAX_PENDING_PER_BUSINESS. A business past
// it is "backpressured": its receiver is not keeping up (or is dead) and the platform says so — a
// warning log when it crosses the cap (and when it is back under), the gauge
// `switchboard_webhook_backpressured{tenant,business}` at 1, and the operator's backlog route
// (delivery-admin-routes.ts). Its new deliveries are still queued: dropping or parking them would
// lose (or set aside) events the business is owed, and the claim rounds' fair shares
// (fair-shares.ts) already keep its backlog from delaying other businesses.
// The counts are sampled from the store (one grouped read across replicas, every
// WEBHOOK_BACKLOG_SAMPLE_MS) and moved up in between by what this replica queues, so the cap is
// seen within one sample even when each replica queues only a part of a business's events.
import { instrument, type Logger, type TenantScope } from "@switchboard/kit";
import type { DeliveryStore } from "./delivery-store.ts";

export interface BacklogState {
  pending: number;
  cap: number;
  backpressured: boolean;
  /** When the store was last read (0: not yet). */
  sampledAtMs: number;
}

export interface BacklogGuard {
  /** Re-reads every business's pending count from the store. */
  sample(): Promise<void>;
  /** This replica queued `count` (default 1) more deliveries for the business. */
  queued(scope: TenantScope, count?: number): void;
  state(scope: TenantScope): BacklogState;
  /** The businesses past the cap now. */
  backpressured(): TenantScope[];
  /** Every business that was ever past the cap here, and whether it is now (for the gauge). */
  flags(): Array<{ scope: TenantScope; on: boolean }>;
}

interface Entry {
  scope: TenantScope;
  pending: number;
  backpressured: boolean;
}

export function createBacklogGuard(options: {
  store: Pick<DeliveryStore, "pendingCounts">;
  cap: number;
  clock: () => number;
  logger: Logger;
}): BacklogGuard {
  const { cap, logger } = options;
  const entries = new Map<string, Entry>();
  let sampledAtMs = 0;
  // Kept after a business is back under (at 0): the SDK goes on exporting a series' last value.
  const flagged = new Map<string, { scope: TenantScope; on: boolean }>();
  const keyOf = (scope: TenantScope) => `${scope.tenantId}/${scope.businessId}`;

  const settle = (entry: Entry) => {
    const over = entry.pending >= cap;
    if (over === entry.backpressured) return;
    entry.backpressured = over;
    flagged.set(keyOf(entry.scope), { scope: entry.scope, on: over });
    const { tenantId, businessId } = entry.scope;
    if (over) logger.warn({ tenantId, businessId, pending: entry.pending, cap }, "webhook backlog reached its cap");
    else logger.info({ tenantId, businessId, pending: entry.pending, cap }, "webhook backlog back under its cap");
  };

  const guard: BacklogGuard = {
    async sample() {
      const counts = await options.store.pendingCounts();
      const seen = new Set<string>();
      for (const { scope, pending } of counts) {
        const key = keyOf(scope);
        seen.add(key);
        const entry = entries.get(key) ?? { scope, pending, backpressured: false };
        entry.pending = pending;
        entries.set(key, entry);
        settle(entry);
      }
      for (const [key, entry] of entries) {
        if (seen.has(key)) continue;
        entry.pending = 0;
        settle(entry);
        entries.delete(key);
      }
      sampledAtMs = options.clock();
    },
    queued(scope, count = 1) {
      const key = keyOf(scope);
      const entry = entries.get(key) ?? { scope: { ...scope }, pending: 0, backpressured: false };
      entry.pending += count;
      entries.set(key, entry);
      settle(entry);
    },
    state(scope) {
      const entry = entries.get(keyOf(scope));
      return { pending: entry?.pending ?? 0, cap, backpressured: entry?.backpressured ?? false, sampledAtMs };
    },
    backpressured: () => [...entries.values()].filter((e) => e.backpressured).map((e) => ({ ...e.scope })),
    flags: () => [...flagged.values()].map((f) => ({ scope: { ...f.scope }, on: f.on })),
  };
  backpressureGauge().register(guard);
  return guard;
}

/** One observable gauge per meter provider, reading every guard of the process. */
const backpressureGauge = instrument((meter) => {
  const guards = new Set<BacklogGuard>();
  meter
    .createObservableGauge("switchboard.webhook.backpressured", {
      description: "1 while a business's pending webhook deliveries are at or past WEBHOOK_MAX_PENDING_PER_BUSINESS",
    })
    .addCallback((result) => {
      const on = new Map<string, { scope: TenantScope; on: boolean }>();
      for (const guard of guards)
        for (const flag of guard.flags()) {
          const key = `${flag.scope.tenantId}/${flag.scope.businessId}`;
          on.set(key, { scope: flag.scope, on: flag.on || (on.get(key)?.on ?? false) });
        }
      for (const { scope, on: isOn } of on.values())
        result.observe(isOn ? 1 : 0, { tenant: scope.tenantId, business: scope.businessId });
    });
  return { register: (guard: BacklogGuard) => void guards.add(guard) };
});
