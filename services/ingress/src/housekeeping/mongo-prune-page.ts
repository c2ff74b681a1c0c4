// One prune page over a MongoDB collection with string `_id`s: read the next `pageSize` ids (and
// the age field) in `_id` order, served by the primary key on FerretDB v1, then delete those older
// than the cutoff by `_id`. Only the adapter that owns the collection calls this, with its model.
import { traceDb } from "@switchboard/kit";
import type { Model } from "mongoose";
import type { PrunePage } from "./prunable.ts";

export interface PruneSpec<T> {
  collection: string;
  /** The document's age, or undefined to keep it (e.g. a delivery not parked). */
  ageOf: (document: T) => number | undefined;
  /** Fields `ageOf` reads. */
  fields: readonly string[];
}

export async function prunePageById<T extends { _id: string }>(
  model: Model<T>,
  spec: PruneSpec<T>,
  page: { cutoffMs: number; pageSize: number; after: string | undefined },
): Promise<PrunePage> {
  const projection = Object.fromEntries(spec.fields.map((field) => [field, 1]));
  const documents = await traceDb(spec.collection, "prune-scan", () =>
    model.collection
      .find(page.after === undefined ? {} : ({ _id: { $gt: page.after } } as never), { projection })
      .sort({ _id: 1 })
      .limit(page.pageSize)
      .toArray(),
  );
  const old = (documents as unknown as T[])
    .filter((document) => {
      const age = spec.ageOf(document);
      return age !== undefined && age < page.cutoffMs;
    })
    .map((document) => document._id);
  if (old.length > 0) {
    await traceDb(spec.collection, "prune-delete", () => model.collection.deleteMany({ _id: { $in: old } } as never));
  }
  const last = documents.at(-1)?._id;
  return { deleted: old.length, next: documents.length < page.pageSize ? undefined : String(last) };
}
