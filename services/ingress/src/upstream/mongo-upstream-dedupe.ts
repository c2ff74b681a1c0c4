// MongoDB adapter of the UpstreamDedupe port: collection `upstream_dedupe` with a unique index on
// (tenantId, kind, wamid, status). Claiming is a plain insert; the duplicate-key error (11000) is
// the "already claimed" answer. Works on FerretDB v1 (no transactions, no TTL needed: claims are
// tiny and kept so that Meta's retries for up to 7 days stay recognisable).
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { UpstreamDedupe } from "./upstream-dedupe.ts";

interface ClaimDocument {
  tenantId: string;
  kind: string;
  wamid: string;
  status: string;
  claimedAtMs: number;
}

const claimSchema = new Schema<ClaimDocument>(
  {
    tenantId: { type: String, required: true },
    kind: { type: String, required: true },
    wamid: { type: String, required: true },
    status: { type: String, default: "" },
    claimedAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);
claimSchema.index({ tenantId: 1, kind: 1, wamid: 1, status: 1 }, { unique: true });

const isDuplicateKey = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;

export async function createMongoUpstreamDedupe(connection: Connection): Promise<UpstreamDedupe> {
  const claims = connection.model<ClaimDocument>("UpstreamDedupe", claimSchema, "upstream_dedupe");
  await claims.createIndexes();
  return {
    async claim(tenantId, key) {
      try {
        await traceDb("upstream_dedupe", "insert", () =>
          claims.create({ tenantId, kind: key.kind, wamid: key.wamid, status: key.status, claimedAtMs: Date.now() }),
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async release(tenantId, key) {
      await traceDb("upstream_dedupe", "delete", () =>
        claims.deleteOne({ tenantId, kind: key.kind, wamid: key.wamid, status: key.status }),
      );
    },
  };
}
