// MongoDB adapter of the IdempotencyStore (collection `idempotency_keys`, unique (tenantId, key)).
// The claim is insert-first: of two concurrent requests with one key, exactly one insert wins the
// unique index and publishes; the other sees the claim. No transactions (FerretDB v1 has none),
// and FerretDB v1's conditional updates are not atomic under concurrency, so a takeover of a
// stale claim is decided by the same primitive: inserting (tenantId, key, generation) into
// `idempotency_takeovers`, unique; only the winner then rewrites the claim.
// Keys are kept until an operator prunes them: FerretDB v1 has no TTL indexes.
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { ClaimResult, IdempotencyStore, StoredResponse } from "./idempotency-store.ts";

interface KeyRecord {
  tenantId: string;
  key: string;
  bodyHash: string;
  messageId: string;
  /** pending: being processed; done: answered; abandoned: publish failed, free to retry. */
  state: "pending" | "done" | "abandoned";
  claimedAtMs: number;
  /** Bumped by each takeover; (tenantId, key, generation) is unique in idempotency_takeovers. */
  generation: number;
  responseStatus: number;
  responseJson: string;
}

const keySchema = new Schema<KeyRecord>(
  {
    tenantId: { type: String, required: true },
    key: { type: String, required: true },
    bodyHash: { type: String, required: true },
    messageId: { type: String, required: true },
    state: { type: String, required: true },
    claimedAtMs: { type: Number, required: true },
    generation: { type: Number, default: 0 },
    responseStatus: { type: Number, default: 0 },
    responseJson: { type: String, default: "" },
  },
  { versionKey: false },
);
keySchema.index({ tenantId: 1, key: 1 }, { unique: true });

const takeoverSchema = new Schema(
  { tenantId: String, key: String, generation: Number, takenAtMs: Number },
  { versionKey: false },
);
takeoverSchema.index({ tenantId: 1, key: 1, generation: 1 }, { unique: true });

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export interface MongoIdempotencyOptions {
  /** A pending claim older than this is presumed crashed and may be taken over. */
  leaseMs: number;
  now?: () => number;
}

export async function createMongoIdempotencyStore(
  connection: Connection,
  options: MongoIdempotencyOptions,
): Promise<IdempotencyStore> {
  const keys = connection.model<KeyRecord>("IdempotencyKey", keySchema, "idempotency_keys");
  const takeovers = connection.model("IdempotencyTakeover", takeoverSchema, "idempotency_takeovers");
  await Promise.all([keys.createIndexes(), takeovers.createIndexes()]);
  const now = options.now ?? Date.now;

  const inspect = async (tenantId: string, key: string, bodyHash: string): Promise<ClaimResult | undefined> => {
    const found = await traceDb("idempotency_keys", "findOne", () =>
      keys.findOne({ tenantId, key }, { _id: 0 }).lean<KeyRecord>().exec(),
    );
    if (!found) return undefined; // released meanwhile: try to claim again
    if (found.bodyHash !== bodyHash) return { kind: "mismatch" };
    if (found.state === "done") {
      return { kind: "replay", response: { statusCode: found.responseStatus, body: JSON.parse(found.responseJson) } };
    }
    const expired = found.state === "abandoned" || found.claimedAtMs < now() - options.leaseMs;
    if (!expired) return { kind: "in_progress" };
    const generation = (found.generation ?? 0) + 1;
    try {
      await traceDb("idempotency_takeovers", "insert", () =>
        takeovers.create({ tenantId, key, generation, takenAtMs: now() }),
      );
    } catch (error) {
      if (isDuplicateKey(error)) return { kind: "in_progress" }; // someone else took it over
      throw error;
    }
    await traceDb("idempotency_keys", "updateOne", () =>
      keys.updateOne({ tenantId, key }, { $set: { state: "pending", claimedAtMs: now(), generation } }),
    );
    // The message id stays the one fixed at the first claim, so a republish is recognisable.
    return { kind: "claimed", messageId: found.messageId };
  };

  return {
    async claim(tenantId, key, claim) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await traceDb("idempotency_keys", "insert", () =>
            keys.create({ tenantId, key, ...claim, state: "pending", claimedAtMs: now(), generation: 0 }),
          );
          return { kind: "claimed", messageId: claim.messageId };
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const existing = await inspect(tenantId, key, claim.bodyHash);
        if (existing) return existing;
      }
      return { kind: "in_progress" };
    },

    async complete(tenantId, key, response: StoredResponse) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne(
          { tenantId, key },
          { $set: { state: "done", responseStatus: response.statusCode, responseJson: JSON.stringify(response.body) } },
        ),
      );
    },

    async release(tenantId, key) {
      await traceDb("idempotency_keys", "deleteOne", () => keys.deleteOne({ tenantId, key, state: "pending" }));
    },

    async abandon(tenantId, key) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne({ tenantId, key, state: "pending" }, { $set: { state: "abandoned" } }),
      );
    },
  };
}
