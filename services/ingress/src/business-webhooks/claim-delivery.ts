// Decides which replica may send a delivery, with a unique key instead of a conditional update
// (not atomic on FerretDB v1): inserting the claim whose _id is (tenant, delivery, claim number)
// succeeds for exactly one caller. The number normally comes from the delivery's `claimSeq`; if that hint was rewound by a
// stale whole-document write and the number is already taken by an expired claim, the next free
// number after the newest claim is tried, so a delivery can never get stuck unclaimable.
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { type Model, Schema } from "mongoose";

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

async function insertClaim(claims: Model<ClaimRecord>, record: Omit<ClaimRecord, "_id">): Promise<boolean> {
  try {
    const _id = `${record.tenantId}/${record.deliveryId}#${record.seq}`;
    await traceDb("delivery_claims", "insert", () => claims.create({ ...record, _id }));
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** The claim number won, or undefined when another replica holds a live claim. */
export async function claimDelivery(
  claims: Model<ClaimRecord>,
  delivery: { tenantId: string; deliveryId: string; claimSeq: number },
  token: string,
  nowMs: number,
  leaseMs: number,
): Promise<number | undefined> {
  const { tenantId, deliveryId } = delivery;
  const seq = delivery.claimSeq ?? 0;
  if (await insertClaim(claims, { tenantId, deliveryId, seq, token, atMs: nowMs })) return seq;
  const newest = await traceDb("delivery_claims", "findOne", () =>
    claims.findOne({ tenantId, deliveryId }, { _id: 0 }).sort({ seq: -1 }).lean<ClaimRecord>(),
  );
  // A live claim (a racing replica, right now): not ours.
  if (!newest || newest.atMs + leaseMs > nowMs) return undefined;
  const next = newest.seq + 1;
  return (await insertClaim(claims, { tenantId, deliveryId, seq: next, token, atMs: nowMs })) ? next : undefined;
}
