// MongoDB adapter of the DeliveryStore (collection `pending_deliveries`, of which it is the only
// writer: the erasure consumer asks it too). Delivered deliveries leave it: their markers live in
// `delivered_deliveries` (see markDelivered), so the due scan of every round (FerretDB v1 serves
// only `_id` from an index: every other filter reads and decodes each document) costs the work
// queue, not the last hour of deliveries. Works on FerretDB v1, whose conditional updates are
// not atomic under concurrency (a document is read, changed and rewritten whole), so a claim is
// decided by the one primitive that is: a unique index. Claiming delivery d at claim number k
// inserts (tenant, d, k) into `delivery_claims`; only the winner then stamps the delivery with its
// token, lease and k + 1. See claim-delivery.ts.
import { insertIgnoringDuplicates, type TenantScope, traceDb } from "@switchboard/kit";
import { type Connection, type Model, type mongo, type QueryFilter, Schema } from "mongoose";
import { type PruneSpec, pruneOldPage } from "../housekeeping/mongo-prune-page.ts";
import { customersOfChange } from "./change-customers.ts";
import { type ClaimRecord, claimDeliveries, claimSchema } from "./claim-delivery.ts";
import { type Delivery, type DeliveryStore, queuedDelivery } from "./delivery-store.ts";
import { fairShares } from "./fair-shares.ts";

interface DeliveryDocument extends Delivery {
  /** `tenant/delivery`: FerretDB v1 serves _id lookups from its primary key, other filters by scan. */
  _id: string;
  claimToken: string;
  claimedUntilMs: number;
  /** Claims made so far: the next claim inserts this number. A hint; claim records decide. */
  claimSeq: number;
  deliveredAtMs: number;
}

const deliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    deliveryId: { type: String, required: true },
    eventType: { type: String, required: true },
    phoneNumberId: { type: String, default: "" },
    changeJson: { type: String, default: "" },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    createdAtMs: { type: Number, required: true },
    windowStartMs: { type: Number, required: true },
    nextAttemptAtMs: { type: Number, required: true },
    lastError: { type: String, default: "" },
    parkedAtMs: { type: Number, default: 0 },
    parkedPublished: { type: Boolean, default: false },
    claimToken: { type: String, default: "" },
    claimedUntilMs: { type: Number, default: 0 },
    claimSeq: { type: Number, default: 0 },
    deliveredAtMs: { type: Number, default: 0 },
  },
  { versionKey: false },
);
deliverySchema.index({ tenantId: 1, deliveryId: 1 }, { unique: true });
deliverySchema.index({ state: 1, nextAttemptAtMs: 1 });
deliverySchema.index({ tenantId: 1, businessId: 1, state: 1, deliveryId: 1 });
deliverySchema.index({ state: 1, parkedAtMs: 1 }); // the parked prune (mongo-prune-page.ts)

/** What stays of a delivered delivery: ids and a time, nothing about the customer or the content. */
interface DeliveredMarker {
  /** The delivery's key, as in `pending_deliveries`. */
  _id: string;
  tenantId: string;
  deliveredAtMs: number;
}

const markerSchema = new Schema<DeliveredMarker>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    deliveredAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);
// Served on MongoDB; on FerretDB v1 the once-a-minute purge scans the markers (only them).
markerSchema.index({ deliveredAtMs: 1 });

const COLLECTION = "pending_deliveries";
const MARKERS = "delivered_deliveries";
/**
 * A scanning claim round's view of the due queue: the first this many due deliveries in the
 * store's own order (insertion order on FerretDB), ~100 bytes each in the reply, from which the
 * round's fair shares are taken, earliest due first. Unsorted on purpose: FerretDB v1 sorts in Go
 * after reading every match, so a sorted scan cost the whole queue (76 s for 34,000 due in a full
 * fault audit, past the time limit below: no round got through), while an unsorted one with a
 * limit stops reading once it has found this many.
 */
const DUE_SCAN_LIMIT = 4_000;

/**
 * How long the server may spend on one scan of the work queue (the due scan, the grouped reads)
 * before it gives up itself (maxTimeMS; FerretDB v1 honours it too). Just below the client's 60 s
 * socket timeout: a client that times out does not stop the server's scan, so with a large
 * backlog on a slow store every round used to start one more scan beside those still running (the
 * full fault audit's store ended with 22 of them at once). Not lower: a slow round would then be
 * one that always fails. A failed round is retried next poll.
 */
const SCAN_MAX_TIME_MS = 50_000;

export interface MongoDeliveryStoreOptions {
  /** Default DUE_SCAN_LIMIT (at least 1). */
  dueScanLimit?: number;
  /** The server's own time limit on a scan of the work queue (default SCAN_MAX_TIME_MS). */
  scanMaxTimeMs?: number;
  /**
   * Tests only: runs between a round's marker insert and its delete from the work queue; a throw
   * there is a crash between the two writes.
   */
  afterMarkers?: () => Promise<void>;
}
/** Markers or claims deleted per request by the purge, and requests per purge (the rest next time). */
const PURGE_PAGE = 2_000;
const PURGE_MAX_PAGES = 200;
/** Deliveries read per round when dropping an erased customer's. */
const DROP_PAGE = 200;
// The key carries the tenant, so a filter on it is tenant-scoped by construction; tenant ids never
// contain "/" (see the kit's tenant scope), so it is unambiguous. Writes address the key: FerretDB
// v1 serves an _id lookup from its primary key and checks the rest of the filter (the business,
// the state, the claim token) on the one document found.
const keyOf = (tenantId: string, deliveryId: string) => `${tenantId}/${deliveryId}`;
/** One delivery of the scope's business: the business is checked too, not only the tenant in the key. */
const oneOf = (scope: TenantScope, deliveryId: string) => ({
  _id: keyOf(scope.tenantId, deliveryId),
  businessId: scope.businessId,
});
const noId = { _id: 0, claimToken: 0, claimedUntilMs: 0, claimSeq: 0, deliveredAtMs: 0 } as const;

export async function createMongoDeliveryStore(
  connection: Connection,
  options: MongoDeliveryStoreOptions = {},
): Promise<DeliveryStore> {
  const dueScanLimit = Math.max(1, options.dueScanLimit ?? DUE_SCAN_LIMIT);
  const maxTimeMS = options.scanMaxTimeMs ?? SCAN_MAX_TIME_MS;
  const deliveries = connection.model<DeliveryDocument>("WebhookDelivery", deliverySchema, COLLECTION);
  const claims = connection.model<ClaimRecord>("WebhookDeliveryClaim", claimSchema, "delivery_claims");
  const markers = connection.model<DeliveredMarker>("WebhookDeliveredMarker", markerSchema, MARKERS);
  await Promise.all([deliveries.createIndexes(), claims.createIndexes(), markers.createIndexes()]);
  /** Of `keys`, those with a delivered marker: one `_id $in` read (index-served on FerretDB v1). */
  const deliveredOf = async (keys: readonly string[]): Promise<Set<string>> => {
    if (keys.length === 0) return new Set();
    const found = await traceDb(MARKERS, "find", () =>
      markers
        .find({ _id: { $in: keys } }, { _id: 1 })
        .limit(keys.length)
        .batchSize(keys.length)
        .lean<Pick<DeliveredMarker, "_id">[]>(),
    );
    return new Set(found.map((m) => m._id));
  };
  const owner = (scope: TenantScope) => ({ tenantId: scope.tenantId, businessId: scope.businessId });
  /** The business the last claim served last: the next starts after it (fair-shares.ts). */
  let lastServed = "";

  const enqueueMany: DeliveryStore["enqueueMany"] = async (items, nowMs) => {
    // Two requests for the whole batch, both addressing `_id`s: which keys have a delivered
    // marker (a redelivered record of a delivery already made), then one unordered insert of
    // the rest, where a key already queued or parked is a duplicate and left alone — the
    // upsert-with-$setOnInsert rule, without a round trip per delivery.
    const keys = items.map(({ scope, delivery }) => keyOf(scope.tenantId, delivery.deliveryId));
    const delivered = await deliveredOf([...new Set(keys)]);
    const results = items.map(() => ({ created: false }));
    const fresh: Array<{ index: number; doc: DeliveryDocument }> = [];
    const seen = new Set<string>();
    items.forEach(({ scope, delivery }, index) => {
      const key = keys[index] as string;
      // A repeat within the batch is the same delivery: only its first item may create it.
      if (delivered.has(key) || seen.has(key)) return;
      seen.add(key);
      const doc = {
        ...queuedDelivery(scope, delivery, nowMs),
        _id: key,
        claimToken: "",
        claimedUntilMs: 0,
        claimSeq: 0,
        deliveredAtMs: 0,
      };
      fresh.push({ index, doc });
    });
    const duplicates = await traceDb(COLLECTION, "insertMany", () =>
      insertIgnoringDuplicates(
        deliveries.collection as unknown as mongo.Collection,
        fresh.map((f) => f.doc),
      ),
    );
    fresh.forEach(({ index }, position) => {
      if (!duplicates.has(position)) results[index] = { created: true };
    });
    return results;
  };

  /** A due delivery as read for a claim: everything it is sent with, and its next claim number. */
  type Candidate = Delivery & { claimSeq: number };
  const full = { _id: 0, claimToken: 0, claimedUntilMs: 0, deliveredAtMs: 0 } as const;
  /** Of the deliveries keyed `chosen`, those pending and not leased at `nowMs`, in that order: one `_id $in` read. */
  const readFree = async (chosen: readonly string[], nowMs: number): Promise<Candidate[]> => {
    if (chosen.length === 0) return [];
    const found = await traceDb(COLLECTION, "find", () =>
      deliveries
        .find({ _id: { $in: [...chosen] }, state: "pending", claimedUntilMs: { $lte: nowMs } }, full)
        // With the limit the server closes the cursor after one reply: no empty getMore.
        .limit(chosen.length)
        .batchSize(chosen.length)
        .lean<Candidate[]>(),
    );
    const position = new Map(chosen.map((key, i) => [key, i]));
    const at = (d: Candidate) => position.get(keyOf(d.tenantId, d.deliveryId)) ?? 0;
    return found.sort((a, b) => at(a) - at(b));
  };
  /**
   * Up to `limit` due, in store order: one scan of their keys and businesses only. Unsorted on
   * purpose (see DUE_SCAN_LIMIT): with a limit FerretDB stops reading once it found that many.
   */
  const dueSample: DeliveryStore["dueSample"] = async (nowMs, limit, expedite = []) => {
    const free = { state: "pending" as const, claimedUntilMs: { $lte: nowMs } };
    const due: QueryFilter<DeliveryDocument> = {
      $or: [{ ...free, nextAttemptAtMs: { $lte: nowMs } }, ...expedite.map((scope) => ({ ...free, ...owner(scope) }))],
    };
    const take = Math.max(1, limit);
    const found = await traceDb(COLLECTION, "find", () =>
      deliveries
        .find(due, { _id: 0, tenantId: 1, businessId: 1, deliveryId: 1, nextAttemptAtMs: 1 })
        .maxTimeMS(maxTimeMS)
        .limit(take)
        // All in the first reply: the server's default first batch (101) would cost a getMore.
        .batchSize(take)
        .lean<Pick<DeliveryDocument, "tenantId" | "businessId" | "deliveryId" | "nextAttemptAtMs">[]>(),
    );
    return found.map((d) => ({
      scope: { tenantId: d.tenantId, businessId: d.businessId },
      deliveryId: d.deliveryId,
      dueAtMs: d.nextAttemptAtMs,
    }));
  };
  /** Claims what a round read (claimDue's scan or claimKnown's keys); returns what it won. */
  const claimRead = async (token: string, nowMs: number, leaseMs: number, read: readonly Candidate[]) => {
    // A delivery with a marker was delivered, but its removal from the queue did not happen (a
    // crash between the two writes of markDelivered, or an intake racing it): never sent again,
    // removed now. One `_id $in` read of the round's candidates, not of every marker.
    const delivered = await deliveredOf(read.map((d) => keyOf(d.tenantId, d.deliveryId)));
    if (delivered.size > 0) {
      await traceDb(COLLECTION, "drop-delivered", () =>
        deliveries.deleteMany({ _id: { $in: [...delivered] }, state: "pending" }),
      );
    }
    const candidates = read.filter((d) => !delivered.has(keyOf(d.tenantId, d.deliveryId)));
    // The round's claims in a constant number of round trips (claim-delivery.ts), then every
    // winner stamped with its token, lease and next claim number in one unordered bulk write.
    const seqs = await claimDeliveries(claims, candidates, token, nowMs, leaseMs);
    const won = candidates.flatMap(({ claimSeq, ...candidate }, i) => {
      const seq = seqs[i];
      return seq === undefined ? [] : [{ delivery: candidate, seq }];
    });
    if (won.length > 0) {
      const stamps = won.map(({ delivery, seq }) => ({
        updateOne: {
          filter: { _id: keyOf(delivery.tenantId, delivery.deliveryId) },
          update: { $set: { claimToken: token, claimedUntilMs: nowMs + leaseMs, claimSeq: seq + 1 } },
        },
      }));
      await traceDb(COLLECTION, "claim", () => deliveries.bulkWrite(stamps, { ordered: false }));
    }
    return won.map((w) => w.delivery);
  };

  return {
    enqueueMany,
    async enqueue(scope, delivery, nowMs) {
      const [result] = await enqueueMany([{ scope, delivery }], nowMs);
      return result ?? { created: false };
    },

    dueSample,

    async claimDue(token, nowMs, leaseMs, limit, expedite = [], perBusiness = limit) {
      // The sample's shares (fair-shares.ts), earliest due first within each business, and the
      // chosen read in full by `_id`, which FerretDB v1 serves from its primary key (re-checked
      // still free: another replica may have sent one in between). A business whose due
      // deliveries all lie past the sample waits for the sample to drain.
      const byBusiness = new Map<string, string[]>();
      const sample = await dueSample(nowMs, dueScanLimit, expedite);
      for (const d of sample.sort((a, b) => a.dueAtMs - b.dueAtMs)) {
        const key = keyOf(d.scope.tenantId, d.scope.businessId);
        const ids = byBusiness.get(key) ?? [];
        ids.push(keyOf(d.scope.tenantId, d.deliveryId));
        byBusiness.set(key, ids);
      }
      const shares = fairShares(
        [...byBusiness].map(([key, ids]) => ({ key, due: ids.length })),
        limit,
        perBusiness,
        lastServed,
      );
      lastServed = shares.at(-1)?.key ?? lastServed;
      const chosen = shares.flatMap((share) => (byBusiness.get(share.key) ?? []).slice(0, share.take));
      return claimRead(token, nowMs, leaseMs, await readFree(chosen, nowMs));
    },

    async claimKnown(token, nowMs, leaseMs, refs, expedite = []) {
      if (refs.length === 0) return [];
      const chosen = [...new Set(refs.map((ref) => keyOf(ref.scope.tenantId, ref.deliveryId)))];
      const businessOf = new Map(refs.map((ref) => [keyOf(ref.scope.tenantId, ref.deliveryId), ref.scope.businessId]));
      const hurried = new Set(expedite.map((scope) => keyOf(scope.tenantId, scope.businessId)));
      // The business is checked too, not only the tenant in the key; then claimDue's due rule.
      const due = (await readFree(chosen, nowMs)).filter(
        (d) =>
          businessOf.get(keyOf(d.tenantId, d.deliveryId)) === d.businessId &&
          (d.nextAttemptAtMs <= nowMs || hurried.has(keyOf(d.tenantId, d.businessId))),
      );
      return claimRead(token, nowMs, leaseMs, due);
    },

    async pendingCounts() {
      const groups = await traceDb(COLLECTION, "aggregate", () =>
        deliveries
          .aggregate<{ _id: { t: string; b: string }; pending: number }>([
            { $match: { state: "pending" } },
            { $group: { _id: { t: "$tenantId", b: "$businessId" }, pending: { $sum: 1 } } },
          ])
          .option({ maxTimeMS }),
      );
      return groups.map((g) => ({ scope: { tenantId: g._id.t, businessId: g._id.b }, pending: g.pending }));
    },

    async markDelivered(scope, deliveryIds, nowMs) {
      if (deliveryIds.length === 0) return;
      // Three requests for the business's round, each addressing `_id`s (index-served): which of
      // them are this business's owed deliveries, their markers, then their removal from the work
      // queue. Markers first: a crash in between leaves both (claimDue then drops the queued one),
      // never neither (which would send a redelivered record again).
      const keys = deliveryIds.map((id) => keyOf(scope.tenantId, id));
      const owed = await traceDb(COLLECTION, "find", () =>
        deliveries
          .find({ _id: { $in: keys }, businessId: scope.businessId, state: "pending" }, { _id: 1 })
          .limit(keys.length)
          .batchSize(keys.length)
          .lean<Pick<DeliveryDocument, "_id">[]>(),
      );
      if (owed.length === 0) return;
      const marks = owed.map((d) => ({ _id: d._id, tenantId: scope.tenantId, deliveredAtMs: nowMs }));
      // A marker already there (a second report) keeps its first time.
      await traceDb(MARKERS, "insertMany", () =>
        insertIgnoringDuplicates(markers.collection as unknown as mongo.Collection, marks),
      );
      await options.afterMarkers?.();
      await traceDb(COLLECTION, "delivered", () =>
        deliveries.deleteMany({ _id: { $in: owed.map((d) => d._id) }, state: "pending" }),
      );
    },

    async reschedule(scope, token, retries, error) {
      if (retries.length === 0) return;
      const ops = retries.map(({ deliveryId, atMs }) => ({
        updateOne: {
          filter: { ...oneOf(scope, deliveryId), claimToken: token, state: "pending" as const },
          update: {
            $inc: { attempts: 1 },
            $set: { nextAttemptAtMs: atMs, lastError: error, claimToken: "", claimedUntilMs: 0 },
          },
        },
      }));
      await traceDb(COLLECTION, "reschedule", () => deliveries.bulkWrite(ops, { ordered: false }));
    },

    async park(scope, deliveryId, token, nowMs, error) {
      const result = await traceDb(COLLECTION, "park", () =>
        deliveries.updateOne(
          { ...oneOf(scope, deliveryId), claimToken: token, state: "pending" },
          {
            $inc: { attempts: 1 },
            $set: {
              state: "parked",
              parkedAtMs: nowMs,
              parkedPublished: false,
              lastError: error,
              claimToken: "",
              claimedUntilMs: 0,
            },
          },
        ),
      );
      return result.modifiedCount === 1;
    },

    async listUnpublishedParked(limit) {
      // `$ne: true` also finds parkings from before the flag existed.
      return traceDb(COLLECTION, "find", () =>
        deliveries
          .find({ state: "parked", parkedPublished: { $ne: true } }, noId)
          // A scan of the whole queue on FerretDB v1 when nothing is parked: bounded like the others.
          .maxTimeMS(maxTimeMS)
          .limit(limit)
          .lean<Delivery[]>(),
      );
    },

    async markParkedPublished(scope, deliveryId, parkedAtMs) {
      // Only the parked delivery's own fields change, and the filter pins this parking: a replay
      // in between (state pending) or a later parking (another parkedAtMs) is not flagged.
      await traceDb(COLLECTION, "parked-published", () =>
        deliveries.updateOne(
          { ...oneOf(scope, deliveryId), state: "parked", parkedAtMs },
          { $set: { parkedPublished: true } },
        ),
      );
    },

    pruneParkedPage: (cutoffMs, pageSize) =>
      pruneOldPage(
        deliveries,
        {
          collection: COLLECTION,
          // Only once its dead letter is on Kafka: an unannounced parking is kept for the sweep.
          pastCutoff: (cutoff) => ({ state: "parked", parkedPublished: true, parkedAtMs: { $lt: cutoff } }),
        },
        { cutoffMs, pageSize },
      ),

    async listParked(scope, limit, afterDeliveryId) {
      return traceDb(COLLECTION, "find", () =>
        deliveries
          .find({ ...owner(scope), state: "parked", deliveryId: { $gt: afterDeliveryId } }, noId)
          .sort({ deliveryId: 1 })
          .limit(limit)
          .lean<Delivery[]>(),
      );
    },

    async replay(scope, nowMs, deliveryId) {
      const result = await traceDb(COLLECTION, "replay", () =>
        deliveries.updateMany(
          {
            ...owner(scope),
            state: "parked",
            ...(deliveryId === undefined ? {} : { _id: keyOf(scope.tenantId, deliveryId) }),
          },
          { $set: { state: "pending", attempts: 0, windowStartMs: nowMs, nextAttemptAtMs: nowMs, parkedAtMs: 0 } },
        ),
      );
      return result.modifiedCount;
    },

    async purgeDelivered(beforeMs) {
      // Bounded pages of what is past the cutoff, each deleted by `_id` (mongo-prune-page.ts):
      // one long deleteMany held the database's write lock for the whole of a large purge.
      const purge = async <T extends { _id: string }>(model: Model<T>, spec: PruneSpec) => {
        for (let page = 0; page < PURGE_MAX_PAGES; page += 1) {
          if (!(await pruneOldPage(model, spec, { cutoffMs: beforeMs, pageSize: PURGE_PAGE })).more) return;
        }
      };
      await purge(markers, { collection: MARKERS, pastCutoff: (cutoff) => ({ deliveredAtMs: { $lt: cutoff } }) });
      // Markers written in the work queue before they moved out (state "delivered"): gone within
      // the retention after an upgrade; until then this scan of the (small) queue removes them.
      await purge(deliveries, {
        collection: COLLECTION,
        pastCutoff: (cutoff) => ({ state: "delivered", deliveredAtMs: { $lt: cutoff } }),
      });
      await purge(claims, { collection: "delivery_claims", pastCutoff: (cutoff) => ({ atMs: { $lt: cutoff } }) });
    },

    async dropAboutCustomers(scope, phoneNumberId, customerIds, nowMs) {
      // The customers a change is about are inside its JSON, so the number's owed deliveries are
      // read a bounded page at a time (in `_id` order) and the matching unclaimed ones deleted by
      // `_id`, still unclaimed: a claim taken meanwhile keeps its delivery.
      const wanted = new Set(customerIds.filter((id) => id !== ""));
      let dropped = 0;
      let after = "";
      for (;;) {
        const page = await traceDb(COLLECTION, "find", () =>
          deliveries
            .find(
              { ...owner(scope), phoneNumberId, state: { $in: ["pending", "parked"] }, _id: { $gt: after } },
              { _id: 1, changeJson: 1, claimedUntilMs: 1 },
            )
            .sort({ _id: 1 })
            .limit(DROP_PAGE)
            .lean<Pick<DeliveryDocument, "_id" | "changeJson" | "claimedUntilMs">[]>(),
        );
        const doomed = page
          .filter((d) => d.claimedUntilMs <= nowMs && [...customersOfChange(d.changeJson)].some((id) => wanted.has(id)))
          .map((d) => d._id);
        if (doomed.length > 0) {
          const result = await traceDb(COLLECTION, "drop-erased", () =>
            deliveries.deleteMany({ _id: { $in: doomed }, claimedUntilMs: { $lte: nowMs } }),
          );
          dropped += result.deletedCount;
        }
        if (page.length < DROP_PAGE) return dropped;
        after = page.at(-1)?._id ?? after;
      }
    },
  };
}
