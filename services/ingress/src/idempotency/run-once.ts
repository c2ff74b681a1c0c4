// Runs a request's work at most once per (tenant, business, number, Idempotency-Key): claims the key, does the
// work, stores the answer; a retry gets the stored answer. A concurrent duplicate waits briefly
// for the first to finish and then gets its answer. A refusal (4xx) releases the key so a retry
// is judged afresh; a failure (5xx: the publish may or may not have happened) abandons it so a
// retry takes it over under the same message id. Without a key the work simply runs.
import { setTimeout as sleep } from "node:timers/promises";
import { GraphError } from "../graph/graph-error.ts";
import { idempotencyKeyInProgress, idempotencyKeyReused } from "./idempotency-errors.ts";
import type { IdempotencyScope, IdempotencyStore, StoredResponse } from "./idempotency-store.ts";

export interface RunOnceOptions {
  store: IdempotencyStore;
  scope: IdempotencyScope;
  key: string | undefined;
  fingerprint: string;
  /** A fresh message id; the one of the first claim is reused on takeover. */
  newMessageId: () => string;
  /** How long a duplicate waits for the first request before answering 409. */
  waitMs: number;
  pollMs?: number;
}

async function claimWaiting(options: RunOnceOptions, key: string): Promise<StoredResponse | string> {
  const deadline = Date.now() + options.waitMs;
  const messageId = options.newMessageId();
  for (;;) {
    const result = await options.store.claim(options.scope, key, { bodyHash: options.fingerprint, messageId });
    if (result.kind === "claimed") return result.messageId;
    if (result.kind === "replay") return result.response;
    if (result.kind === "mismatch") throw idempotencyKeyReused();
    if (Date.now() >= deadline) throw idempotencyKeyInProgress();
    await sleep(options.pollMs ?? 50);
  }
}

export async function runOnce(
  options: RunOnceOptions,
  work: (messageId: string) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  const { key } = options;
  if (key === undefined) return work(options.newMessageId());
  const claimed = await claimWaiting(options, key);
  if (typeof claimed !== "string") return claimed;
  let response: StoredResponse;
  try {
    response = await work(claimed);
  } catch (error) {
    const refused = error instanceof GraphError && error.httpStatus < 500;
    await (refused ? options.store.release(options.scope, key) : options.store.abandon(options.scope, key));
    throw error;
  }
  await options.store.complete(options.scope, key, response);
  return response;
}
