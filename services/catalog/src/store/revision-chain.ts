// The RevisionChain port: an entity's history as insert-only revisions `<id>@<version>`, plus a
// head document per entity that queries scan and readers start from. Appending version v+1 is a
// compare-and-set on the unique `_id`: of two writers that read version v, exactly one inserts
// v+1, the other learns it lost and re-reads. Heads are written after the revision and may lag
// (a crash between the two, or two writers finishing out of order), so `tips` reads the head and
// then probes for later revisions: what it returns is never behind a successful append.

export interface Versioned<S> {
  id: string;
  version: number;
  state: S;
}

export interface RevisionChain<S> {
  /** The latest revision of each id that has one. */
  tips(ids: readonly string[]): Promise<Map<string, Versioned<S>>>;
  /** Specific revisions (`version` of each), for reading back what earlier revisions recorded. */
  revisions(refs: readonly { id: string; version: number }[]): Promise<Versioned<S>[]>;
  /**
   * Inserts every revision (each `version` = its tip's + 1, or 1 for a new entity) in one bulk
   * request, then moves the heads of those that won. Returns the ids whose version was taken.
   */
  append(revisions: readonly Versioned<S>[]): Promise<Set<string>>;
}
