// The Prunable port: a store whose old documents are deleted by the prune job rather than by TTL
// indexes (FerretDB v1 has none). Each call deletes a bounded page of documents past the cutoff,
// whichever it finds first; the job calls again while pages come back full. No cursor: a page
// only finds what is still there to delete, so the next call needs no place to resume from.

export interface PrunePage {
  /** Documents deleted by this call. */
  deleted: number;
  /** The page was full: more may be past the cutoff. */
  more: boolean;
}

export interface Prunable {
  /** Deletes up to `pageSize` documents older than `cutoffMs`. */
  prunePage(cutoffMs: number, pageSize: number): Promise<PrunePage>;
}
