// One prune page over a MongoDB collection: find up to `pageSize` documents past the cutoff
// (`_id` only), then delete them by `_id`, the filter checked again so a document renewed in
// between stays. Unsorted on purpose: FerretDB v1 sorts only in Go after reading every match, and
// serves no range from an index, so the earlier walk in `_id` order (`_id $gt`, sorted) read and
// sorted the whole collection on every page; unsorted with a limit it stops reading once it has
// found a page, and the oldest documents come first in its (insertion) order. A page that finds
// nothing reads the collection once, so a run costs one scan per collection, not one per page.
// On MongoDB the age field's index serves the filter. Only the adapter that owns the collection
// calls this, with its model.
import { traceDb } from "@switchboard/kit";
import type { Model, mongo } from "mongoose";
import type { PrunePage } from "./prunable.ts";

export interface PruneSpec {
  collection: string;
  /** What makes a document prunable, given the cutoff (an age field `$lt` it, and any other condition). */
  pastCutoff: (cutoffMs: number) => mongo.Document;
}

export async function pruneOldPage<T extends { _id: string }>(
  model: Model<T>,
  spec: PruneSpec,
  page: { cutoffMs: number; pageSize: number },
): Promise<PrunePage> {
  const filter = spec.pastCutoff(page.cutoffMs);
  const found = await traceDb(spec.collection, "prune-scan", () =>
    model.collection
      .find(filter as never, { projection: { _id: 1 } })
      .limit(page.pageSize)
      .toArray(),
  );
  if (found.length === 0) return { deleted: 0, more: false };
  const ids = found.map((document) => document._id);
  const result = await traceDb(spec.collection, "prune-delete", () =>
    model.collection.deleteMany({ ...filter, _id: { $in: ids } } as never),
  );
  return { deleted: result.deletedCount, more: found.length >= page.pageSize };
}
