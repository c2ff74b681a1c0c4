// MongoDB adapter of the UpstreamDedupe port: collection `upstream_dedupe`, one document per claim
// whose `_id` is `tenant|kind|wamid|status` (dedupeIdOf). Claiming is an unordered insertMany; a
// duplicate `_id` is the "claimed before" answer, and the only index involved is the primary key
// (the one FerretDB v1 serves). Claims of concurrent webhook bodies (of any tenant: the `_id`
// names it) are coalesced into one insert while another is outstanding, so a body costs at most
// one round trip and usually a share of one. Only keys claimed before (duplicates: rare) cost
// more: one `_id $in` read of their states per call, and for provisional claims past the takeover
// cutoff one `updateMany` that restarts their age (so other redeliveries see a young claim and
// wait rather than publish a third copy). On FerretDB v1 that read-then-update is not atomic: two
// replicas may both take a claim over and both publish, the same deterministic event ids twice,
// which downstream absorbs; never does a key answer "confirmed" unless a publish of it was
// acknowledged. Confirmations are one `updateMany` per call (callers coalesce them across bodies).
// Tenant ids never contain `|` and Meta's ids do not either, so distinct keys cannot share an
// `_id`. The fields are kept beside the `_id` for operators (and match the unique index older
// databases still carry). No transactions, no TTL indexes: the prune job deletes claims, confirmed
// or not, older than Meta's retries (up to 7 days) by `claimedAtMs`, in `_id`-ordered pages.
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import { createCoalescingBatcher } from "../batching/coalescing-batcher.ts";
import { pruneOldPage } from "../housekeeping/mongo-prune-page.ts";
import {
  type ClaimOutcome,
  type ClaimState,
  dedupeIdOf,
  outcomeOfExisting,
  type UpstreamDedupe,
} from "./upstream-dedupe.ts";

interface ClaimDocument {
  _id: string;
  tenantId: string;
  kind: string;
  wamid: string;
  status: string;
  claimedAtMs: number;
  /** Absent while provisional. */
  confirmedAtMs?: number;
}

const claimSchema = new Schema<ClaimDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    kind: { type: String, required: true },
    wamid: { type: String, required: true },
    status: { type: String, default: "" },
    claimedAtMs: { type: Number, required: true },
    confirmedAtMs: { type: Number, required: false },
  },
  { versionKey: false },
);
// The prune filter (FerretDB v1 serves it by a bounded scan instead, see mongo-prune-page.ts).
claimSchema.index({ claimedAtMs: 1 });

/** Keys per insert, read or update: one body is far below this; a bound keeps any request small. */
const MAX_PER_REQUEST = 1_000;
/** Inserts outstanding at once; more concurrent bodies wait and share the next one. */
const INSERTS_IN_FLIGHT = 2;

export async function createMongoUpstreamDedupe(connection: Connection): Promise<UpstreamDedupe> {
  const claims = connection.model<ClaimDocument>("UpstreamDedupe", claimSchema, "upstream_dedupe");
  await claims.init();
  const inserts = createCoalescingBatcher<ClaimDocument, boolean>(
    async (documents) => {
      const duplicates = await traceDb("upstream_dedupe", "insertMany", () =>
        insertIgnoringDuplicates(claims.collection, documents),
      );
      return documents.map((_, index) => !duplicates.has(index));
    },
    { maxItems: MAX_PER_REQUEST, maxInFlight: INSERTS_IN_FLIGHT },
  );

  /** The states of claims made before, by id (one read per chunk; a vanished claim is absent). */
  const statesOf = async (ids: readonly string[]): Promise<Map<string, ClaimState>> => {
    const states = new Map<string, ClaimState>();
    for (const chunk of chunked(ids, MAX_PER_REQUEST)) {
      const found = await traceDb("upstream_dedupe", "find-conflicts", () =>
        claims.collection
          .find({ _id: { $in: chunk } } as never, { projection: { claimedAtMs: 1, confirmedAtMs: 1 } })
          .toArray(),
      );
      for (const document of found as unknown as ClaimDocument[]) {
        states.set(document._id, { claimedAtMs: document.claimedAtMs, confirmedAtMs: document.confirmedAtMs });
      }
    }
    return states;
  };

  return {
    async claimAll(tenantId, keys, { nowMs, takeOverBeforeMs }) {
      const byId = new Map<string, ClaimDocument>();
      for (const key of keys) {
        const _id = dedupeIdOf(tenantId, key);
        if (!byId.has(_id)) {
          byId.set(_id, { _id, tenantId, kind: key.kind, wamid: key.wamid, status: key.status, claimedAtMs: nowMs });
        }
      }
      const documents = [...byId.values()];
      const inserted = (
        await Promise.all(chunked(documents, MAX_PER_REQUEST).map((chunk) => inserts.submit(chunk)))
      ).flat();
      const outcomes = new Map<string, ClaimOutcome>();
      const conflicts: string[] = [];
      documents.forEach((document, index) => {
        if (inserted[index]) outcomes.set(document._id, "claimed");
        else conflicts.push(document._id);
      });
      if (conflicts.length > 0) {
        const states = await statesOf(conflicts);
        const takenOver: string[] = [];
        for (const id of conflicts) {
          const outcome = outcomeOfExisting(states.get(id), takeOverBeforeMs);
          outcomes.set(id, outcome);
          if (outcome === "claimed") takenOver.push(id);
        }
        // Not conditional on the update's count: whoever read the claim as stale publishes.
        for (const chunk of chunked(takenOver, MAX_PER_REQUEST)) {
          await traceDb("upstream_dedupe", "take-over", () =>
            claims.collection.updateMany({ _id: { $in: chunk }, confirmedAtMs: { $exists: false } } as never, {
              $set: { claimedAtMs: nowMs },
            }),
          );
        }
      }
      return keys.map((key) => outcomes.get(dedupeIdOf(tenantId, key)) ?? "pending");
    },
    async confirmAll(batch) {
      const ids = [...new Set(batch.flatMap(({ tenantId, keys }) => keys.map((key) => dedupeIdOf(tenantId, key))))];
      const confirmedAtMs = Date.now();
      for (const chunk of chunked(ids, MAX_PER_REQUEST)) {
        await traceDb("upstream_dedupe", "confirm", () =>
          claims.collection.updateMany({ _id: { $in: chunk } } as never, { $set: { confirmedAtMs } }),
        );
      }
    },
    prunePage: (cutoffMs, pageSize) =>
      pruneOldPage(
        claims,
        { collection: "upstream_dedupe", pastCutoff: (cutoff) => ({ claimedAtMs: { $lt: cutoff } }) },
        { cutoffMs, pageSize },
      ),
    async releaseAll(tenantId, keys) {
      if (keys.length === 0) return;
      const ids = [...new Set(keys.map((key) => dedupeIdOf(tenantId, key)))];
      for (const chunk of chunked(ids, MAX_PER_REQUEST)) {
        await traceDb("upstream_dedupe", "deleteMany", () => claims.deleteMany({ _id: { $in: chunk } }));
      }
    },
  };
}
