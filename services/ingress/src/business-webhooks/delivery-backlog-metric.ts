// `switchboard_webhook_backlog{tenant,business}`: webhook deliveries pending per business, kept in
// process by wrapping the DeliveryStore, with no store round trip of its own (FerretDB serves only
// `_id` lookups from an index, so a count per scrape would scan the collection):
//  - every `pendingCounts()` read (the backlog guard samples it every WEBHOOK_BACKLOG_SAMPLE_MS,
//    backlog-guard.ts) sets each business's count to the store's figure — every replica's, after
//    restarts too — and a business absent from it to 0;
//  - between samples, this replica's own changes move the count: a new enqueue or a replay up, a
//    delivery acknowledged, parked or dropped down.
// So every replica reports the whole backlog as of the last sample plus what it changed since;
// what other replicas changed shows at the next sample. Alerts take `max` over replicas, not `sum`.
// It never changes what the store does or returns.
import { instrument, type TenantScope } from "@switchboard/kit";
import type { DeliveryStore } from "./delivery-store.ts";

interface Count {
  tenant: string;
  business: string;
  pending: number;
}

export interface BacklogCounts {
  /** Current count per `tenant/business`. */
  snapshot(): Map<string, Count>;
}

const keyOf = (scope: TenantScope) => `${scope.tenantId}/${scope.businessId}`;

export function meterDeliveryBacklog(store: DeliveryStore): DeliveryStore & BacklogCounts {
  // Kept at zero rather than removed: the SDK goes on exporting an attribute set's last value
  // (cumulative), so a business whose backlog drained must be observed at 0. One entry per
  // business that had webhook traffic through this replica or appeared in a sample.
  const pending = new Map<string, Count>();
  const entry = (scope: TenantScope): Count => {
    const key = keyOf(scope);
    let found = pending.get(key);
    if (!found) {
      found = { tenant: scope.tenantId, business: scope.businessId, pending: 0 };
      pending.set(key, found);
    }
    return found;
  };
  // A replica that settles deliveries another queued after the last sample would go below zero.
  const move = (scope: TenantScope, by: number) => {
    const count = entry(scope);
    count.pending = Math.max(0, count.pending + by);
  };
  gauge().register(pending);

  return {
    ...store,
    snapshot: () => new Map([...pending].map(([key, count]) => [key, { ...count }])),
    async pendingCounts() {
      const counts = await store.pendingCounts();
      const sampled = new Set<string>();
      for (const { scope, pending: figure } of counts) {
        sampled.add(keyOf(scope));
        entry(scope).pending = figure;
      }
      for (const [key, count] of pending) if (!sampled.has(key)) count.pending = 0;
      return counts;
    },
    async enqueue(scope, delivery, nowMs) {
      const result = await store.enqueue(scope, delivery, nowMs);
      if (result.created) move(scope, 1);
      return result;
    },
    async enqueueMany(deliveries, nowMs) {
      const results = await store.enqueueMany(deliveries, nowMs);
      results.forEach((result, index) => {
        const item = deliveries[index];
        if (result.created && item) move(item.scope, 1);
      });
      return results;
    },
    async markDelivered(scope, deliveryIds, nowMs) {
      await store.markDelivered(scope, deliveryIds, nowMs);
      move(scope, -deliveryIds.length);
    },
    async park(scope, deliveryId, token, nowMs, error) {
      const parked = await store.park(scope, deliveryId, token, nowMs, error);
      if (parked) move(scope, -1);
      return parked;
    },
    async replay(scope, nowMs, deliveryId) {
      const replayed = await store.replay(scope, nowMs, deliveryId);
      move(scope, replayed);
      return replayed;
    },
    async dropAboutCustomers(scope, phoneNumberId, customerIds, nowMs) {
      // Counts pending and parked drops alike (the port does not tell them apart): an erasure can
      // make the count under-read by the parked ones it dropped, until the next sample.
      const dropped = await store.dropAboutCustomers(scope, phoneNumberId, customerIds, nowMs);
      move(scope, -dropped);
      return dropped;
    },
  };
}

/** One observable gauge per meter provider, reading every metered store of the process. */
const gauge = instrument((meter) => {
  const stores = new Set<Map<string, Count>>();
  meter
    .createObservableGauge("switchboard.webhook.backlog", {
      description: "Webhook deliveries pending per business: the last store sample plus this replica's changes since",
    })
    .addCallback((result) => {
      // One store per process in a service; several (each built by a test) are added up.
      const totals = new Map<string, Count>();
      for (const counts of stores)
        for (const [key, count] of counts) {
          const total = totals.get(key) ?? { ...count, pending: 0 };
          total.pending += count.pending;
          totals.set(key, total);
        }
      for (const { tenant, business, pending } of totals.values()) result.observe(pending, { tenant, business });
    });
  return { register: (counts: Map<string, Count>) => void stores.add(counts) };
});
