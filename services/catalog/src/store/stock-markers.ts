// The StockMarkers port: which stock commands the ledger has applied, and the units each moved.
// Written by the stock keeper right after the ledger revision that applied them, so a later
// duplicate of a command (re-published by a retried producer) gets the same answer and moves no
// stock twice. A marker is never changed once written.
export interface StockMarkers {
  /** Units reserved or released per command id, for the ids that have a marker. */
  read(commandIds: readonly string[]): Promise<Map<string, number>>;
  /** Idempotent: a marker already there is kept. */
  write(markers: ReadonlyMap<string, number>): Promise<void>;
}
