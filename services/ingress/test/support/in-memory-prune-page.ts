// One prune page over an in-memory Map, with the Mongo adapters' semantics (delete up to a page of
// what is older than the cutoff, in no particular order): what in-memory adapters of Prunable
// stores use.
import type { PrunePage } from "../../src/housekeeping/prunable.ts";

export function prunePageOf<V>(
  entries: Map<string, V>,
  ageOf: (value: V) => number | undefined,
  page: { cutoffMs: number; pageSize: number },
): PrunePage {
  const old = [...entries]
    .filter(([, value]) => {
      const age = ageOf(value);
      return age !== undefined && age < page.cutoffMs;
    })
    .slice(0, page.pageSize);
  for (const [id] of old) entries.delete(id);
  return { deleted: old.length, more: old.length >= page.pageSize };
}
