// Inserts documents in one round trip and treats "already there" (duplicate key) as success: the
// idempotent write of records whose ids are deterministic. Any other write error is rethrown.
import type { mongo } from "mongoose";

const DUPLICATE_KEY = 11000;

interface WriteErrorsCarrier {
  writeErrors?: { code?: number }[] | { code?: number };
  code?: number;
}

export async function insertIgnoringDuplicates<T extends { _id: string }>(
  db: mongo.Db,
  collectionName: string,
  docs: readonly T[],
): Promise<void> {
  if (docs.length === 0) return;
  try {
    // Every document carries its deterministic `_id`, so a repeat is a duplicate-key no-op.
    await db.collection<{ _id: string }>(collectionName).insertMany(
      docs.map((d) => ({ ...d })),
      { ordered: false },
    );
  } catch (error) {
    if (!onlyDuplicates(error)) throw error;
  }
}

function onlyDuplicates(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const carrier = error as WriteErrorsCarrier;
  const list = carrier.writeErrors;
  if (list === undefined) return carrier.code === DUPLICATE_KEY;
  const errors = Array.isArray(list) ? list : [list];
  return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
}
