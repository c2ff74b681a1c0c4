// One prune page over an in-memory Map, with the Mongo adapters' semantics (prune pages in key
// order, delete what is older than the cutoff): what in-memory adapters of Prunable stores use.
import type { PrunePage } from "../../src/housekeeping/prunable.ts";

export function prunePageOf<V>(
  entries: Map<string, V>,
  ageOf: (value: V) => number | undefined,
  page: { cutoffMs: number; pageSize: number; after: string | undefined },
): PrunePage {
  const ids = [...entries.keys()]
    .filter((id) => page.after === undefined || id > page.after)
    .sort()
    .slice(0, page.pageSize);
  let deleted = 0;
  for (const id of ids) {
    const entry = entries.get(id);
    const age = entry === undefined ? undefined : ageOf(entry);
    if (age !== undefined && age < page.cutoffMs) {
      entries.delete(id);
      deleted += 1;
    }
  }
  return { deleted, next: ids.length < page.pageSize ? undefined : ids.at(-1) };
}
