// ListThreads filters as a Mongo filter: the same meaning as the in-memory adapter's predicate
// (test/support/thread-query-match.ts); the store contract holds both to it. Threads merged away
// by an identity change are never listed.
import { WINDOW_MS } from "../domain/service-window.ts";
import type { ThreadQuery } from "./conversation-store.ts";

export function threadQueryFilter(query: ThreadQuery): Record<string, unknown> {
  // Open iff lastInboundAtMs > 0 and now - lastInboundAtMs < 24h, i.e. lastInboundAtMs > bound.
  const bound = query.window ? Math.max(0, query.window.nowMs - WINDOW_MS) : 0;
  return {
    mergedIntoThreadId: { $exists: false },
    ...(query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}),
    ...(query.hostingMode ? { "hosting.hostingMode": query.hostingMode } : {}),
    ...(query.encryptionState ? { "hosting.encryptionState": query.encryptionState } : {}),
    ...(query.updatedSinceMs ? { updatedAtMs: { $gte: query.updatedSinceMs } } : {}),
    ...(query.window ? { lastInboundAtMs: query.window.open ? { $gt: bound } : { $lte: bound } } : {}),
  };
}
