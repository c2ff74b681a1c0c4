// Decides which replica may send each delivery of a round, with a unique key instead of a
// conditional update (not atomic on FerretDB v1): inserting the claim whose _id is (tenant,
// delivery, claim number) succeeds for exactly one caller. The number normally comes from the
// delivery's `claimSeq`; if that hint was rewound by a stale whole-document write and the number is
// already taken by an expired claim, the next free number after the newest claim is tried, so a
// delivery can never get stuck unclaimable.
// A round's claims cost a constant number of round trips, not one or more per delivery: every hinted
// claim in one unordered insertMany; only the deliveries whose number was taken read their claims
// (one find by `_id` for all of them), and those whose newest claim expired try the next number
// (one more insertMany). It never retries a lost claim: the next round does.
import { insertIgnoringDuplicates, traceDb } from "@switchboard/kit";
import { type Model, type mongo, Schema } from "mongoose";

export interface ClaimRecord {
  /** `tenant/delivery#claim number`: the primary key decides, which FerretDB v1 enforces cheaply. */
  _id: string;
  tenantId: string;
  deliveryId: string;
  seq: number;
  token: string;
  atMs: number;
}

export const claimSchema = new Schema<ClaimRecord>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    deliveryId: { type: String, required: true },
    seq: { type: Number, required: true },
    token: { type: String, required: true },
    atMs: { type: Number, required: true },
  },
  { versionKey: false },
);
claimSchema.index({ tenantId: 1, deliveryId: 1, seq: 1 });
claimSchema.index({ atMs: 1 });

export interface ClaimCandidate {
  tenantId: string;
  deliveryId: string;
  /** The delivery's hint: the claim number its next claim inserts. */
  claimSeq: number;
}

/** Claim records in one reply: ~100 bytes each, far below the 16 MB reply limit. */
const CLAIMS_READ_BATCH = 50_000;
const deliveryKey = (c: { tenantId: string; deliveryId: string }) => `${c.tenantId}/${c.deliveryId}`;

/** Inserts claim `seqs[i]` of each `wanted[i]`, in one request; the positions that were won. */
async function insertClaims(
  claims: Model<ClaimRecord>,
  wanted: readonly ClaimCandidate[],
  seqs: readonly number[],
  token: string,
  nowMs: number,
): Promise<boolean[]> {
  const docs = wanted.map(({ tenantId, deliveryId }, i) => {
    const seq = seqs[i] ?? 0;
    return { _id: `${tenantId}/${deliveryId}#${seq}`, tenantId, deliveryId, seq, token, atMs: nowMs };
  });
  const taken = await traceDb("delivery_claims", "insertMany", () =>
    insertIgnoringDuplicates(claims.collection as unknown as mongo.Collection, docs),
  );
  return docs.map((_, i) => !taken.has(i));
}

/**
 * How many claim numbers from the hint on are read by `_id` for a conflicting delivery. A claim
 * number above the hint exists only after takeovers of expired claims, so the newest is nearly
 * always within a few of it; only a delivery with every probed number taken is read by a scan.
 */
const PROBED_NUMBERS = 4;

/**
 * The newest claim of each of `deliveries` (which lost their hinted number), by delivery key. One
 * read by `_id` of the numbers from each hint on (FerretDB v1 serves only `_id` from an index; a
 * filter on tenant and delivery scans every claim ever made), and one scan only for deliveries whose
 * probed numbers were all taken (a hint rewound far behind), which is rare.
 */
async function newestClaims(
  claims: Model<ClaimRecord>,
  deliveries: readonly ClaimCandidate[],
): Promise<Map<string, Pick<ClaimRecord, "seq" | "atMs">>> {
  const newest = new Map<string, Pick<ClaimRecord, "seq" | "atMs">>();
  const keep = (claim: Pick<ClaimRecord, "tenantId" | "deliveryId" | "seq" | "atMs">) => {
    const key = deliveryKey(claim);
    if ((newest.get(key)?.seq ?? -1) < claim.seq) newest.set(key, { seq: claim.seq, atMs: claim.atMs });
  };
  const probedIds = deliveries.flatMap((d) =>
    Array.from({ length: PROBED_NUMBERS }, (_, i) => `${d.tenantId}/${d.deliveryId}#${(d.claimSeq ?? 0) + i}`),
  );
  const probed = await traceDb("delivery_claims", "find", () =>
    claims
      .find({ _id: { $in: probedIds } }, { _id: 0, tenantId: 1, deliveryId: 1, seq: 1, atMs: 1 })
      .batchSize(CLAIMS_READ_BATCH)
      .lean<Pick<ClaimRecord, "tenantId" | "deliveryId" | "seq" | "atMs">[]>(),
  );
  for (const claim of probed) keep(claim);
  const beyond = deliveries.filter(
    (d) => (newest.get(deliveryKey(d))?.seq ?? -1) >= (d.claimSeq ?? 0) + PROBED_NUMBERS - 1,
  );
  if (beyond.length === 0) return newest;
  const idsByTenant = new Map<string, string[]>();
  for (const d of beyond) idsByTenant.set(d.tenantId, [...(idsByTenant.get(d.tenantId) ?? []), d.deliveryId]);
  const found = await traceDb("delivery_claims", "find", () =>
    claims
      .find(
        { $or: [...idsByTenant].map(([tenantId, ids]) => ({ tenantId, deliveryId: { $in: ids } })) },
        { _id: 0, tenantId: 1, deliveryId: 1, seq: 1, atMs: 1 },
      )
      // Small documents, all in the first reply (the default first batch of 101 costs getMores).
      .batchSize(CLAIMS_READ_BATCH)
      .lean<Pick<ClaimRecord, "tenantId" | "deliveryId" | "seq" | "atMs">[]>(),
  );
  for (const claim of found) keep(claim);
  return newest;
}

/**
 * Claims each candidate for `token`; returns, position by position, the claim number won, or
 * undefined where another replica holds a live claim (or won the race for the next number).
 */
export async function claimDeliveries(
  claims: Model<ClaimRecord>,
  candidates: readonly ClaimCandidate[],
  token: string,
  nowMs: number,
  leaseMs: number,
): Promise<(number | undefined)[]> {
  if (candidates.length === 0) return [];
  const hinted = candidates.map((c) => c.claimSeq ?? 0);
  const won: (number | undefined)[] = (await insertClaims(claims, candidates, hinted, token, nowMs)).map((ok, i) =>
    ok ? hinted[i] : undefined,
  );
  const conflicted = candidates.flatMap((candidate, index) => (won[index] === undefined ? [{ candidate, index }] : []));
  if (conflicted.length === 0) return won;
  const newest = await newestClaims(
    claims,
    conflicted.map((c) => c.candidate),
  );
  // A live newest claim (a racing replica, right now) is not ours; an expired one is taken over
  // with the number after it. No claim found means it was purged meanwhile: the next round retries.
  const takeovers = conflicted.flatMap(({ candidate, index }) => {
    const claim = newest.get(deliveryKey(candidate));
    return claim && claim.atMs + leaseMs <= nowMs ? [{ candidate, index, seq: claim.seq + 1 }] : [];
  });
  if (takeovers.length === 0) return won;
  const taken = await insertClaims(
    claims,
    takeovers.map((t) => t.candidate),
    takeovers.map((t) => t.seq),
    token,
    nowMs,
  );
  takeovers.forEach((t, i) => {
    if (taken[i]) won[t.index] = t.seq;
  });
  return won;
}
