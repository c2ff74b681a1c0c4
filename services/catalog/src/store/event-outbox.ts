// The EventOutbox port: a writer's intent to announce revisions, recorded BEFORE it appends them
// and forgotten after their events are published. A crash anywhere in between leaves the intent
// behind, and the republisher publishes the events of whichever of its revisions exist (the
// revision is the truth; the intent only says where to look). Entries are written whole and
// removed whole (no update, so nothing here depends on FerretDB's non-atomic conditional updates);
// their `_id` starts with the time, so the old ones are an `_id` range.

export type OutboxChain = "products" | "stock";

export interface OutboxRef {
  chain: OutboxChain;
  id: string;
  version: number;
}

export interface OutboxEntry {
  id: string;
  /** When the writer planned the revisions; the events' `changedAtMs`. */
  atMs: number;
  refs: OutboxRef[];
}

export interface EventOutbox {
  add(entry: OutboxEntry): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  /** Entries written before `atMs`, oldest first, at most `limit`. */
  olderThan(atMs: number, limit: number): Promise<OutboxEntry[]>;
}

/** Sorts by time as a string, so "older than" is an `_id` range. */
export const outboxEntryId = (atMs: number, unique: string) => `${String(atMs).padStart(15, "0")}:${unique}`;
