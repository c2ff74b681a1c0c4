// MongoDB adapter of the IdempotencyStore (collection `idempotency_keys`, one document per
// (scope, key) whose `_id` is `tenant|business|number|key`: those ids never contain `|`, so the
// first three split them). Every read and write addresses that `_id` alone, the one index FerretDB v1 serves, so a
// request with a key costs one insert to claim and one update to answer. The claim is insert-first:
// of two concurrent requests with one key, exactly one insert wins the primary key and publishes;
// the other sees the claim. No transactions (FerretDB v1 has none), and FerretDB v1's conditional
// updates are not atomic under concurrency, so a takeover of a stale claim is decided by the same
// primitive: inserting `scope|generation|key` into `idempotency_takeovers`; only the winner then
// rewrites the claim. A winner that crashed between the two writes left its takeover behind and the
// claim unchanged: once that takeover is itself older than the lease, the next generation is tried,
// so no key answers 409 forever. Keys and takeovers are deleted by the prune job (FerretDB v1 has
// no TTL indexes).
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import { pruneOldPage } from "../housekeeping/mongo-prune-page.ts";
import {
  type ClaimResult,
  type IdempotencyScope,
  type IdempotencyStore,
  type StoredResponse,
  scopeIdOf,
} from "./idempotency-store.ts";

interface KeyRecord {
  _id: string;
  tenantId: string;
  key: string;
  bodyHash: string;
  messageId: string;
  /** pending: being processed; done: answered; abandoned: publish failed, free to retry. */
  state: "pending" | "done" | "abandoned";
  claimedAtMs: number;
  /** Bumped by each takeover; `scope|generation|key` is that takeover's `_id` in idempotency_takeovers. */
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

interface TakeoverRecord {
  _id: string;
  tenantId: string;
  key: string;
  generation: number;
  takenAtMs: number;
}

const takeoverSchema = new Schema<TakeoverRecord>(
  { _id: { type: String, required: true }, tenantId: String, key: String, generation: Number, takenAtMs: Number },
  { versionKey: false },
);
// The prune filters (FerretDB v1 serves them by a bounded scan instead, see mongo-prune-page.ts).
keySchema.index({ claimedAtMs: 1 });
takeoverSchema.index({ takenAtMs: 1 });

const keyIdOf = (scope: IdempotencyScope, key: string) => `${scopeIdOf(scope)}|${key}`;
const takeoverIdOf = (scope: IdempotencyScope, key: string, generation: number) =>
  `${scopeIdOf(scope)}|${generation}|${key}`;
/** Generations tried past takeovers that crashed before rewriting the claim. */
const MAX_STALE_TAKEOVERS = 5;

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
  const takeovers = connection.model<TakeoverRecord>("IdempotencyTakeover", takeoverSchema, "idempotency_takeovers");
  await Promise.all([keys.init(), takeovers.init()]);
  const now = options.now ?? Date.now;

  /** Wins the takeover of a stale claim: the generation it now holds, or undefined when another won. */
  const takeOver = async (scope: IdempotencyScope, key: string, from: number): Promise<number | undefined> => {
    for (let generation = from + 1; generation <= from + MAX_STALE_TAKEOVERS; generation += 1) {
      const _id = takeoverIdOf(scope, key, generation);
      try {
        await traceDb("idempotency_takeovers", "insert", () =>
          takeovers.create({ _id, tenantId: scope.tenantId, key, generation, takenAtMs: now() }),
        );
        return generation;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const holder = await traceDb("idempotency_takeovers", "findOne", () =>
        takeovers.findById(_id).lean<{ takenAtMs?: number }>().exec(),
      );
      // A live takeover: its winner is rewriting the claim now.
      if (holder && (holder.takenAtMs ?? 0) >= now() - options.leaseMs) return undefined;
    }
    return undefined;
  };

  const inspect = async (scope: IdempotencyScope, key: string, bodyHash: string): Promise<ClaimResult | undefined> => {
    const found = await traceDb("idempotency_keys", "findOne", () =>
      keys.findById(keyIdOf(scope, key)).lean<KeyRecord>().exec(),
    );
    if (!found) return undefined; // released meanwhile: try to claim again
    if (found.bodyHash !== bodyHash) return { kind: "mismatch" };
    if (found.state === "done") {
      return { kind: "replay", response: { statusCode: found.responseStatus, body: JSON.parse(found.responseJson) } };
    }
    const expired = found.state === "abandoned" || found.claimedAtMs < now() - options.leaseMs;
    if (!expired) return { kind: "in_progress" };
    const generation = await takeOver(scope, key, found.generation ?? 0);
    if (generation === undefined) return { kind: "in_progress" }; // someone else took it over
    await traceDb("idempotency_keys", "updateOne", () =>
      keys.updateOne({ _id: keyIdOf(scope, key) }, { $set: { state: "pending", claimedAtMs: now(), generation } }),
    );
    // The message id stays the one fixed at the first claim, so a republish is recognisable.
    return { kind: "claimed", messageId: found.messageId };
  };

  return {
    async claim(scope, key, claim) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await traceDb("idempotency_keys", "insert", () =>
            keys.create({
              _id: keyIdOf(scope, key),
              tenantId: scope.tenantId,
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
        const existing = await inspect(scope, key, claim.bodyHash);
        if (existing) return existing;
      }
      return { kind: "in_progress" };
    },

    async complete(scope, key, response: StoredResponse) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne(
          { _id: keyIdOf(scope, key) },
          { $set: { state: "done", responseStatus: response.statusCode, responseJson: JSON.stringify(response.body) } },
        ),
      );
    },

    async prunePage(cutoffMs, pageSize) {
      const page = await pruneOldPage(
        keys,
        { collection: "idempotency_keys", pastCutoff: (cutoff) => ({ claimedAtMs: { $lt: cutoff } }) },
        { cutoffMs, pageSize },
      );
      // Takeovers are tiny and few; those of keys gone by now are found by their own age.
      const takeoverPage = await pruneOldPage(
        takeovers,
        { collection: "idempotency_takeovers", pastCutoff: (cutoff) => ({ takenAtMs: { $lt: cutoff } }) },
        { cutoffMs, pageSize },
      );
      return { deleted: page.deleted, more: page.more || takeoverPage.more };
    },

    async release(scope, key) {
      await traceDb("idempotency_keys", "deleteOne", () =>
        keys.deleteOne({ _id: keyIdOf(scope, key), state: "pending" }),
      );
    },

    async abandon(scope, key) {
      await traceDb("idempotency_keys", "updateOne", () =>
        keys.updateOne({ _id: keyIdOf(scope, key), state: "pending" }, { $set: { state: "abandoned" } }),
      );
    },
  };
}
