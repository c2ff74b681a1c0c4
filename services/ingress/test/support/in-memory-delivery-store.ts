// In-memory adapter of the DeliveryStore: the same claim/lease semantics as the
// Mongo adapter (a due, unleased, pending delivery goes to exactly one token) without a server.
// As there, a delivered delivery leaves the work queue (`rows`) for a marker of its own
// (`markers`), written before the removal, and a claim round reads only the work queue.
import type { TenantScope } from "@switchboard/kit";
import { customersOfChange } from "../../src/business-webhooks/change-customers.ts";
import {
  type Delivery,
  type DeliveryStore,
  type NewDelivery,
  queuedDelivery,
} from "../../src/business-webhooks/delivery-store.ts";
import { fairShares } from "../../src/business-webhooks/fair-shares.ts";
import { prunePageOf } from "./in-memory-prune-page.ts";

interface Row {
  delivery: Delivery;
  claimToken: string;
  claimedUntilMs: number;
}

interface Marker {
  tenantId: string;
  deliveredAtMs: number;
  /** Tests' view only (`all()`): what was delivered, its content dropped. The Mongo marker has ids and a time. */
  delivery: Delivery;
}

export interface InMemoryDeliveryStore extends DeliveryStore {
  /** Every delivery the store knows: the work queue's, then the delivered ones (state "delivered"). */
  all(): Delivery[];
  /** The work queue only (pending and parked deliveries). */
  queued(): Delivery[];
  /** Documents claim rounds have read so far, as a scan of the work queue reads them. */
  claimReads(): number;
}

export interface InMemoryDeliveryStoreOptions {
  /** Runs between markDelivered's marker writes and its removal from the queue; a throw is a crash. */
  afterMarkers?: () => Promise<void>;
}

export function createInMemoryDeliveryStore(options: InMemoryDeliveryStoreOptions = {}): InMemoryDeliveryStore {
  const rows = new Map<string, Row>();
  const markers = new Map<string, Marker>();
  let claimReads = 0;
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

  const enqueueOne = (scope: TenantScope, delivery: NewDelivery, nowMs: number) => {
    const key = keyOf(scope.tenantId, delivery.deliveryId);
    if (rows.has(key) || markers.has(key)) return { created: false };
    rows.set(key, {
      delivery: queuedDelivery(scope, delivery, nowMs),
      claimToken: "",
      claimedUntilMs: 0,
    });
    return { created: true };
  };

  return {
    all: () => [
      ...[...rows.values()].map((row) => ({ ...row.delivery })),
      ...[...markers]
        .filter(([key]) => !rows.has(key))
        .map(([, marker]) => ({ ...marker.delivery, state: "delivered" as const, changeJson: "" })),
    ],
    queued: () => [...rows.values()].map((row) => ({ ...row.delivery })),
    claimReads: () => claimReads,
    async enqueue(scope, delivery, nowMs) {
      return enqueueOne(scope, delivery, nowMs);
    },
    // In order, so a repeat within the batch finds its first item queued (created once).
    async enqueueMany(items, nowMs) {
      return items.map(({ scope, delivery }) => enqueueOne(scope, delivery, nowMs));
    },
    async claimDue(token, nowMs, leaseMs, limit, expedite = [], perBusiness = limit) {
      const hurried = (r: Row) => expedite.some((scope) => owned(scope, r));
      const byBusiness = new Map<string, Row[]>();
      for (const [rowKey, r] of rows) {
        claimReads++;
        // Delivered, but not yet out of the queue (a crash between markDelivered's writes): gone now.
        if (markers.has(rowKey) && r.delivery.state === "pending") {
          rows.delete(rowKey);
          continue;
        }
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
    async dueSample(nowMs, limit, expedite = []) {
      const sample: Array<{ scope: TenantScope; deliveryId: string; dueAtMs: number }> = [];
      for (const r of rows.values()) {
        if (sample.length >= Math.max(1, limit)) break;
        claimReads++;
        if (r.delivery.state !== "pending" || r.claimedUntilMs > nowMs) continue;
        if (r.delivery.nextAttemptAtMs > nowMs && !expedite.some((scope) => owned(scope, r))) continue;
        const scope = { tenantId: r.delivery.tenantId, businessId: r.delivery.businessId };
        sample.push({ scope, deliveryId: r.delivery.deliveryId, dueAtMs: r.delivery.nextAttemptAtMs });
      }
      return sample;
    },
    async claimKnown(token, nowMs, leaseMs, refs, expedite = []) {
      const won: Row[] = [];
      for (const ref of refs) {
        const row = find(ref.scope, ref.deliveryId);
        if (row?.delivery.state !== "pending" || row.claimedUntilMs > nowMs) continue;
        const key = keyOf(ref.scope.tenantId, ref.deliveryId);
        if (markers.has(key)) {
          rows.delete(key);
          continue;
        }
        if (row.delivery.nextAttemptAtMs > nowMs && !expedite.some((scope) => owned(scope, row))) continue;
        row.claimToken = token;
        row.claimedUntilMs = nowMs + leaseMs;
        won.push(row);
      }
      return won.map((row) => ({ ...row.delivery }));
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
      const owed = deliveryIds.flatMap((id) => {
        const row = find(scope, id);
        return row?.delivery.state === "pending" ? [{ key: keyOf(scope.tenantId, id), row }] : [];
      });
      for (const { key, row } of owed) {
        if (!markers.has(key))
          markers.set(key, { tenantId: scope.tenantId, deliveredAtMs: nowMs, delivery: { ...row.delivery } });
      }
      await options.afterMarkers?.();
      for (const { key } of owed) rows.delete(key);
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
    async pruneParkedPage(cutoffMs, pageSize) {
      const parkedAt = (r: Row) =>
        r.delivery.state === "parked" && r.delivery.parkedPublished ? r.delivery.parkedAtMs : undefined;
      return prunePageOf(rows, parkedAt, { cutoffMs, pageSize });
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
      for (const [key, marker] of markers) {
        if (marker.deliveredAtMs < beforeMs) markers.delete(key);
      }
    },
    async dropAboutCustomers(scope, phoneNumberId, customerIds, nowMs) {
      const wanted = new Set(customerIds.filter((id) => id !== ""));
      let dropped = 0;
      for (const [key, row] of rows) {
        const { delivery } = row;
        if (!owned(scope, row) || delivery.phoneNumberId !== phoneNumberId) continue;
        if (row.claimedUntilMs > nowMs) continue;
        if (![...customersOfChange(delivery.changeJson)].some((id) => wanted.has(id))) continue;
        rows.delete(key);
        dropped++;
      }
      return dropped;
    },
  };
}
