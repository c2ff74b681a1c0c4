// MongoDB adapter of the IdempotencyStore (collection `idempotency_keys`, one document per
// (tenant, key) whose `_id` is `tenant|key`: tenant ids never contain `|`, so the first one splits
// them). Every read and write addresses that `_id` alone, the one index FerretDB v1 serves, so a
// request with a key costs one insert to claim and one update to answer. The claim is insert-first:
// of two concurrent requests with one key, exactly one insert wins the primary key and publishes;
// the other sees the claim. No transactions (FerretDB v1 has none), and FerretDB v1's conditional
// updates are not atomic under concurrency, so a takeover of a stale claim is decided by the same
// primitive: inserting `tenant|generation|key` into `idempotency_takeovers`; only the winner then
// rewrites the claim. Keys are kept until an operator prunes them: FerretDB v1 has no TTL indexes.
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { ClaimResult, IdempotencyStore, StoredResponse } from "./idempotency-store.ts";

interface KeyRecord {
  _id: string;
  tenantId: string;
  key: string;
  bodyHash: string;
  messageId: string;
  /** pending: being processed; done: answered; abandoned: publish failed, free to retry. */
  state: "pending" | "done" | "abandoned";
  claimedAtMs: number;
  /** Bumped by each takeover; `tenant|generation|key` is that takeover's `_id` in idempotency_takeovers. */
  generation: number;
  responseStatus: number;
  responseJson: string;
}

const keySchema = new Schema<KeyRecord>(
  {
    _id: { type: String, required: true },
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

const takeoverSchema = new Schema(
  { _id: { type: String, required: true }, tenantId: String, key: String, generation: Number, takenAtMs: Number },
  { versionKey: false },
);

const keyIdOf = (tenantId: string, key: string) => `${tenantId}|${key}`;
const takeoverIdOf = (tenantId: string, key: string, generation: number) => `${tenantId}|${generation}|${key}`;

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
  await Promise.all([keys.init(), takeovers.init()]);
  const now = options.now ?? Date.now;

  const inspect = async (tenantId: string, key: string, bodyHash: string): Promise<ClaimResult | undefined> => {
    const found = await traceDb("idempotency_keys", "findOne", () =>
      keys.findById(keyIdOf(tenantId, key)).lean<KeyRecord>().exec(),
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
        takeovers.create({ _id: takeoverIdOf(tenantId, key, generation), tenantId, key, generation, takenAtMs: now() }),
      );
    } catch (error) {
      if (isDuplicateKeyError(error)) return { kind: "in_progress" }; // someone else took it over
      throw error;
    }
    await traceDb("idempotency_keys", "updateOne", () =>
      keys.updateOne({ _id: keyIdOf(tenantId, key) }, { $set: { state: "pending", claimedAtMs: now(), generation } }),
    );
    // The message id stays the one fixed at the first claim, so a republish is recognisable.
    return { kind: "claimed", messageId: found.messageId };
  };

  return {
    async claim(tenantId, key, claim) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await traceDb("idempotency_keys", "insert", () =>
            keys.create({
              _id: keyIdOf(tenantId, key),
              tenantId,
              key,
              ...claim,
              state: "pending",
              claimedAtMs: now(),
              generation: 0,
            }),
          );
          return { kind: "claimed", messageId: claim.messageId };
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        const existing = await inspect(tenantId, key, claim.bodyHash);
        if (existing) return existing;
      }
      return { kind: "in_progress" };
    },

    async complete(tenantId, key, response: StoredResponse) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne(
          { _id: keyIdOf(tenantId, key) },
          { $set: { state: "done", responseStatus: response.statusCode, responseJson: JSON.stringify(response.body) } },
        ),
      );
    },

    async release(tenantId, key) {
      await traceDb("idempotency_keys", "deleteOne", () =>
        keys.deleteOne({ _id: keyIdOf(tenantId, key), state: "pending" }),
      );
    },

    async abandon(tenantId, key) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne({ _id: keyIdOf(tenantId, key), state: "pending" }, { $set: { state: "abandoned" } }),
      );
    },
  };
}
