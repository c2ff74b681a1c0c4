// The Prunable port: a store whose old documents are deleted by the prune job rather than by TTL
// indexes (FerretDB v1 has none). Pruning walks the collection in `_id` order one bounded page at
// a time — the only index FerretDB v1 serves — and deletes the page's documents older than the
// cutoff by `_id`, so no call scans the collection or deletes an unbounded set.

export interface PrunePage {
  /** Documents deleted from this page. */
  deleted: number;
  /** Where the next page starts; undefined when this page reached the end of the collection. */
  next: string | undefined;
}

export interface Prunable {
  /** Deletes, of the `pageSize` documents after `after` (from the start when undefined), those older than `cutoffMs`. */
  prunePage(cutoffMs: number, pageSize: number, after: string | undefined): Promise<PrunePage>;
}
