// MongoDB adapter of the UpstreamDedupe port: collection `upstream_dedupe`, one document per claim
// whose `_id` is `tenant|kind|wamid|status` (dedupeIdOf). Claiming is an unordered insertMany; a
// duplicate `_id` is the "already claimed" answer, the only index involved is the primary key (the
// one FerretDB v1 serves), and no read is needed. Claims of concurrent webhook bodies (of any
// tenant: the `_id` names it) are coalesced into one insert while another is outstanding, so a
// body costs at most one round trip and usually a share of one. Tenant ids never contain `|` and
// Meta's ids do not either, so distinct keys cannot share an `_id`. The fields are kept beside the
// `_id` for operators (and match the unique index older databases still carry). Works on FerretDB
// v1 (no transactions, no TTL indexes: the prune job deletes claims older than Meta's retries,
// which last up to 7 days, in `_id`-ordered pages).
import { chunked, insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import { createCoalescingBatcher } from "../batching/coalescing-batcher.ts";
import { prunePageById } from "../housekeeping/mongo-prune-page.ts";
import { dedupeIdOf, type UpstreamDedupe } from "./upstream-dedupe.ts";

interface ClaimDocument {
  _id: string;
  tenantId: string;
  kind: string;
  wamid: string;
  status: string;
  claimedAtMs: number;
}

const claimSchema = new Schema<ClaimDocument>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    kind: { type: String, required: true },
    wamid: { type: String, required: true },
    status: { type: String, default: "" },
    claimedAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);

/** Keys per insert: one body is far below this; a bound keeps any request small. */
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
  return {
    async claimAll(tenantId, keys) {
      const claimedAtMs = Date.now();
      const documents = keys.map((key) => ({
        _id: dedupeIdOf(tenantId, key),
        tenantId,
        kind: key.kind,
        wamid: key.wamid,
        status: key.status,
        claimedAtMs,
      }));
      const answers = await Promise.all(chunked(documents, MAX_PER_REQUEST).map((chunk) => inserts.submit(chunk)));
      return answers.flat();
    },
    prunePage: (cutoffMs, pageSize, after) =>
      prunePageById(
        claims,
        { collection: "upstream_dedupe", fields: ["claimedAtMs"], ageOf: (claim) => claim.claimedAtMs },
        { cutoffMs, pageSize, after },
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
