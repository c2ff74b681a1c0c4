// In-memory adapter of the DeliveryStore: the same claim/lease semantics as the
// Mongo adapter (a due, unleased, pending delivery goes to exactly one token) without a server.
import type { TenantScope } from "@switchboard/kit";
import { customersOfChange } from "../../src/business-webhooks/change-customers.ts";
import { type Delivery, type DeliveryStore, queuedDelivery } from "../../src/business-webhooks/delivery-store.ts";
import { fairShares } from "../../src/business-webhooks/fair-shares.ts";
import { prunePageOf } from "./in-memory-prune-page.ts";

interface Row {
  delivery: Delivery;
  claimToken: string;
  claimedUntilMs: number;
  deliveredAtMs: number;
}

export interface InMemoryDeliveryStore extends DeliveryStore {
  all(): Delivery[];
}

export function createInMemoryDeliveryStore(): InMemoryDeliveryStore {
  const rows = new Map<string, Row>();
  const keyOf = (tenantId: string, deliveryId: string) => `${tenantId}/${deliveryId}`;
  const owned = (scope: TenantScope, row: Row) =>
    row.delivery.tenantId === scope.tenantId && row.delivery.businessId === scope.businessId;
  const find = (scope: TenantScope, deliveryId: string) => {
    const row = rows.get(keyOf(scope.tenantId, deliveryId));
    return row && owned(scope, row) ? row : undefined;
  };
  /** The business the last claim served last: the next starts after it (fair-shares.ts). */
  let lastServed = "";
  const release = (row: Row) => {
    row.claimToken = "";
    row.claimedUntilMs = 0;
  };

  return {
    all: () => [...rows.values()].map((row) => ({ ...row.delivery })),
    async enqueue(scope, delivery, nowMs) {
      const key = keyOf(scope.tenantId, delivery.deliveryId);
      if (rows.has(key)) return { created: false };
      rows.set(key, {
        delivery: queuedDelivery(scope, delivery, nowMs),
        claimToken: "",
        claimedUntilMs: 0,
        deliveredAtMs: 0,
      });
      return { created: true };
    },
    async claimDue(token, nowMs, leaseMs, limit, expedite = [], perBusiness = limit) {
      const hurried = (r: Row) => expedite.some((scope) => owned(scope, r));
      const byBusiness = new Map<string, Row[]>();
      for (const r of rows.values()) {
        if (r.delivery.state !== "pending" || r.claimedUntilMs > nowMs) continue;
        if (r.delivery.nextAttemptAtMs > nowMs && !hurried(r)) continue;
        const key = `${r.delivery.tenantId}/${r.delivery.businessId}`;
        byBusiness.set(key, [...(byBusiness.get(key) ?? []), r]);
      }
      const groups = [...byBusiness].map(([key, due]) => ({ key, due: due.length }));
      const shares = fairShares(groups, limit, perBusiness, lastServed);
      lastServed = shares.at(-1)?.key ?? lastServed;
      const due = shares.flatMap(({ key, take }) =>
        (byBusiness.get(key) ?? [])
          .sort((a, b) => a.delivery.nextAttemptAtMs - b.delivery.nextAttemptAtMs)
          .slice(0, take),
      );
      for (const row of due) {
        row.claimToken = token;
        row.claimedUntilMs = nowMs + leaseMs;
      }
      return due.map((row) => ({ ...row.delivery }));
    },
    async pendingCounts() {
      const counts = new Map<string, { scope: { tenantId: string; businessId: string }; pending: number }>();
      for (const { delivery } of rows.values()) {
        if (delivery.state !== "pending") continue;
        const key = `${delivery.tenantId}/${delivery.businessId}`;
        const entry = counts.get(key) ?? {
          scope: { tenantId: delivery.tenantId, businessId: delivery.businessId },
          pending: 0,
        };
        entry.pending++;
        counts.set(key, entry);
      }
      return [...counts.values()];
    },
    async markDelivered(scope, deliveryIds, nowMs) {
      for (const id of deliveryIds) {
        const row = find(scope, id);
        if (row?.delivery.state !== "pending") continue;
        row.delivery.state = "delivered";
        row.delivery.changeJson = "";
        row.deliveredAtMs = nowMs;
        release(row);
      }
    },
    async reschedule(scope, token, retries, error) {
      for (const { deliveryId, atMs } of retries) {
        const row = find(scope, deliveryId);
        if (!row || row.claimToken !== token || row.delivery.state !== "pending") continue;
        row.delivery.attempts += 1;
        row.delivery.nextAttemptAtMs = atMs;
        row.delivery.lastError = error;
        release(row);
      }
    },
    async park(scope, deliveryId, token, nowMs, error) {
      const row = find(scope, deliveryId);
      if (!row || row.claimToken !== token || row.delivery.state !== "pending") return false;
      row.delivery.attempts += 1;
      row.delivery.state = "parked";
      row.delivery.parkedAtMs = nowMs;
      row.delivery.parkedPublished = false;
      row.delivery.lastError = error;
      release(row);
      return true;
    },
    async listUnpublishedParked(limit) {
      return [...rows.values()]
        .filter((r) => r.delivery.state === "parked" && !r.delivery.parkedPublished)
        .slice(0, limit)
        .map((r) => ({ ...r.delivery }));
    },
    async pruneParkedPage(cutoffMs, pageSize, after) {
      const parkedAt = (r: Row) =>
        r.delivery.state === "parked" && r.delivery.parkedPublished ? r.delivery.parkedAtMs : undefined;
      return prunePageOf(rows, parkedAt, { cutoffMs, pageSize, after });
    },
    async markParkedPublished(scope, deliveryId, parkedAtMs) {
      const row = find(scope, deliveryId);
      if (row?.delivery.state === "parked" && row.delivery.parkedAtMs === parkedAtMs)
        row.delivery.parkedPublished = true;
    },
    async listParked(scope, limit, afterDeliveryId) {
      return [...rows.values()]
        .filter((r) => owned(scope, r) && r.delivery.state === "parked" && r.delivery.deliveryId > afterDeliveryId)
        .map((r) => ({ ...r.delivery }))
        .sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1))
        .slice(0, limit);
    },
    async replay(scope, nowMs, deliveryId) {
      let count = 0;
      for (const row of rows.values()) {
        if (!owned(scope, row) || row.delivery.state !== "parked") continue;
        if (deliveryId !== undefined && row.delivery.deliveryId !== deliveryId) continue;
        Object.assign(row.delivery, {
          state: "pending",
          attempts: 0,
          windowStartMs: nowMs,
          nextAttemptAtMs: nowMs,
          parkedAtMs: 0,
        });
        count++;
      }
      return count;
    },
    async purgeDelivered(beforeMs) {
      for (const [key, row] of rows) {
        if (row.delivery.state === "delivered" && row.deliveredAtMs < beforeMs) rows.delete(key);
      }
    },
    async dropAboutCustomers(scope, phoneNumberId, customerIds, nowMs) {
      const wanted = new Set(customerIds.filter((id) => id !== ""));
      let dropped = 0;
      for (const [key, row] of rows) {
        const { delivery } = row;
        if (!owned(scope, row) || delivery.phoneNumberId !== phoneNumberId || delivery.state === "delivered") continue;
        if (row.claimedUntilMs > nowMs) continue;
        if (![...customersOfChange(delivery.changeJson)].some((id) => wanted.has(id))) continue;
        rows.delete(key);
        dropped++;
      }
      return dropped;
    },
  };
}
