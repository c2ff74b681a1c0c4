// Batch writes every Mongo adapter shares: insert documents with deterministic `_id`s in one round
// trip and learn which were already there (a redelivery, or a racing consumer), and recognise the
// duplicate-key error. They never retry or swallow any other error: the caller's batch is retried.
import type { mongo } from "mongoose";

export const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
  index?: number;
}

interface BulkErrorLike {
  code?: number;
  writeErrors?: WriteErrorLike[] | WriteErrorLike;
}

/** True for MongoDB's duplicate-key error (E11000), as thrown by single writes. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: number }).code === DUPLICATE_KEY;
}

/**
 * Inserts `docs` unordered in one request; documents whose `_id` (or another unique key) is
 * already stored are skipped. Returns the positions of the skipped ones; throws on any other error.
 */
export async function insertIgnoringDuplicates(
  collection: mongo.Collection,
  docs: readonly (mongo.Document & { _id: string })[],
): Promise<Set<number>> {
  const duplicates = new Set<number>();
  if (docs.length === 0) return duplicates;
  try {
    // The driver mutates what it inserts (it may add `_id`): hand it copies.
    // Our `_id`s are strings, which the driver's default document type (ObjectId ids) does not admit.
    await collection.insertMany(docs.map((d) => ({ ...d })) as unknown as mongo.OptionalId<mongo.Document>[], {
      ordered: false,
    });
  } catch (error) {
    const writeErrors = writeErrorsOf(error);
    if (!writeErrors || writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    // Without positions the caller cannot tell which documents are new: let its batch retry
    // (the retry finds what this attempt stored) rather than guess.
    if (writeErrors.some((e) => e.index === undefined) && docs.length > 1) throw error;
    for (const e of writeErrors) duplicates.add(e.index ?? 0);
  }
  return duplicates;
}

function writeErrorsOf(error: unknown): WriteErrorLike[] | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const carrier = error as BulkErrorLike;
  if (carrier.writeErrors === undefined) return carrier.code === DUPLICATE_KEY ? [carrier] : undefined;
  return Array.isArray(carrier.writeErrors) ? carrier.writeErrors : [carrier.writeErrors];
}

/** Splits `items` into consecutive chunks of at most `size` (bulk requests of bounded size). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
