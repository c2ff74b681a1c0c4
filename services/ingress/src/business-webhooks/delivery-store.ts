// The DeliveryStore port: every webhook delivery owed to a business, from the moment its event is
// consumed until the business acknowledged it (then a content-free marker stays for a while, so a
// redelivered Kafka record is recognised and not sent twice) or until it is parked after the retry
// window. Claims are leases with a random token, so two ingress replicas never send the same
// delivery at once and a crashed replica's claims expire and are taken over. Only the lease holder
// writes a claimed delivery: FerretDB v1 rewrites whole documents without atomic conditions, so
// any other concurrent writer could undo the holder's update.
import type { TenantScope } from "@switchboard/kit";
import type { PrunePage } from "../housekeeping/prunable.ts";

export type DeliveryState = "pending" | "parked" | "delivered";

export interface Delivery {
  tenantId: string;
  businessId: string;
  /** Deterministic per event content (see delivery-intake.ts): the idempotency key. */
  deliveryId: string;
  eventType: string;
  phoneNumberId: string;
  /** The serialised GraphChange. Holds message content: never logged, dropped once delivered. */
  changeJson: string;
  state: DeliveryState;
  attempts: number;
  createdAtMs: number;
  /** Start of the retry window: first queued, or the last replay. */
  windowStartMs: number;
  nextAttemptAtMs: number;
  lastError: string;
  parkedAtMs: number;
  /** The parking's dead letter (WebhookDeliveryParked) is on Kafka; false until then. */
  parkedPublished: boolean;
}

/** A failed delivery's next attempt (retry-schedule.ts). */
export interface Retry {
  deliveryId: string;
  atMs: number;
}

/** One delivery, named: what the worker remembers of the deliveries it queued or rescheduled. */
export interface DeliveryRef {
  scope: TenantScope;
  deliveryId: string;
}

/** A delivery found due by a scan, with the time it became due (its next attempt). */
export interface DueRef extends DeliveryRef {
  dueAtMs: number;
}

export type NewDelivery = Pick<Delivery, "deliveryId" | "eventType" | "phoneNumberId" | "changeJson">;

/** A new delivery with the business it is owed to (a batch spans several). */
export interface ScopedNewDelivery {
  scope: TenantScope;
  delivery: NewDelivery;
}

/** What a delivery is when first queued, in every adapter: pending, due now, its window opened now. */
export function queuedDelivery(scope: TenantScope, delivery: NewDelivery, nowMs: number): Delivery {
  return {
    ...delivery,
    tenantId: scope.tenantId,
    businessId: scope.businessId,
    state: "pending",
    attempts: 0,
    createdAtMs: nowMs,
    windowStartMs: nowMs,
    nextAttemptAtMs: nowMs,
    lastError: "",
    parkedAtMs: 0,
    parkedPublished: false,
  };
}

export interface DeliveryStore {
  /** Queues a delivery due now. Idempotent: an existing delivery (in any state) is left alone. */
  enqueue(scope: TenantScope, delivery: NewDelivery, nowMs: number): Promise<{ created: boolean }>;
  /**
   * Queues a consumed batch's deliveries, of any tenants and businesses, in a constant number of
   * round trips; the same rule per item as enqueue. Returns, per item and in order, whether it
   * was created: an id repeated within the batch is created once (its first item), an id already
   * queued, parked or delivered (its marker) creates nothing.
   */
  enqueueMany(deliveries: readonly ScopedNewDelivery[], nowMs: number): Promise<Array<{ created: boolean }>>;
  /**
   * Leases up to `limit` due pending deliveries, of any tenant (the worker serves them all), to
   * `token` until `nowMs + leaseMs`, at most `perBusiness` (default: `limit`) of any one business,
   * split between the businesses with work as fair-shares.ts does, oldest due first within each.
   * Deliveries of the `expedite` businesses count as due even while backing off (their endpoint
   * just answered). Returns only what this call won.
   */
  claimDue(
    token: string,
    nowMs: number,
    leaseMs: number,
    limit: number,
    expedite?: readonly TenantScope[],
    perBusiness?: number,
  ): Promise<Delivery[]>;
  /**
   * Leases those of `refs` that claimDue would hand out at `nowMs` (pending, not leased, due or of
   * an `expedite` business), reading them by key only, in a constant number of round trips. This
   * is the worker's fast path: it knows what its own intake queued and what it rescheduled, so
   * such a round costs the round, not a scan of the whole queue (claimDue's filters are served by
   * no index on FerretDB v1). Returns only what this call won, in the order of `refs`; a ref that
   * is gone, of another business, leased elsewhere or not due yet is left alone.
   */
  claimKnown(
    token: string,
    nowMs: number,
    leaseMs: number,
    refs: readonly DeliveryRef[],
    expedite?: readonly TenantScope[],
  ): Promise<Delivery[]>;
  /**
   * Up to `limit` deliveries claimDue would hand out at `nowMs`, in the store's own order, named
   * only: one read, nothing claimed. The worker's scan: it claims them by key afterwards
   * (claimKnown), round after round, so one scan of the queue serves many rounds.
   */
  dueSample(nowMs: number, limit: number, expedite?: readonly TenantScope[]): Promise<DueRef[]>;
  /** Pending deliveries per business (those with any), of every tenant: one read, for sampling. */
  pendingCounts(): Promise<Array<{ scope: TenantScope; pending: number }>>;
  /**
   * The business's pending `deliveryIds` (others are left alone) leave the work queue; a marker of
   * ids and time only stays until purgeDelivered, so enqueue of a redelivered record creates
   * nothing. The marker is written first: a crash in between leaves a queued delivery with a
   * marker, which claimDue never hands out (it drops it).
   */
  markDelivered(scope: TenantScope, deliveryIds: readonly string[], nowMs: number): Promise<void>;
  /**
   * Releases claimed deliveries of one business for later attempts, each at its own time, all
   * after the same failure: one write for a round's failures. A delivery `token` no longer holds is
   * left alone.
   */
  reschedule(scope: TenantScope, token: string, retries: readonly Retry[], error: string): Promise<void>;
  /** Claimed → parked, dead letter unpublished; false when `token` no longer holds it. */
  park(scope: TenantScope, deliveryId: string, token: string, nowMs: number, error: string): Promise<boolean>;
  /** Up to `limit` parked deliveries, of any tenant, whose dead letter is not published yet. */
  listUnpublishedParked(limit: number): Promise<Delivery[]>;
  /** Flags the parking at `parkedAtMs` published; a later parking (after a replay) stays unflagged. */
  markParkedPublished(scope: TenantScope, deliveryId: string, parkedAtMs: number): Promise<void>;
  /**
   * The prune job's page (housekeeping/prunable.ts): of the next `pageSize` deliveries in key
   * order, deletes those parked before `cutoffMs` whose dead letter is published.
   */
  pruneParkedPage(cutoffMs: number, pageSize: number): Promise<PrunePage>;
  listParked(scope: TenantScope, limit: number, afterDeliveryId: string): Promise<Delivery[]>;
  /** Parked → pending, due now, with a fresh retry window. All of the business's, or one. */
  replay(scope: TenantScope, nowMs: number, deliveryId?: string): Promise<number>;
  /** Forgets delivered markers (and claim records) older than `beforeMs`. */
  purgeDelivered(beforeMs: number): Promise<void>;
  /**
   * Drops the number's pending and parked deliveries whose change is about any of `customerIds`
   * (see change-customers.ts), for an erased customer: both hold message content and could still
   * be sent or replayed. A delivery claimed at `nowMs` is mid-send and stays with its lease holder;
   * delivered markers hold no content and stay. Returns how many were dropped.
   */
  dropAboutCustomers(
    scope: TenantScope,
    phoneNumberId: string,
    customerIds: readonly string[],
    nowMs: number,
  ): Promise<number>;
}
