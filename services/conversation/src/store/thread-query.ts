// ListThreads filters as one predicate, shared by the in-memory adapter and the unit tests so
// they mean exactly what the Mongo filter (thread-query-filter in the Mongo adapter) means.
import type { ThreadRecord } from "../domain/records.ts";
import { isWindowOpen } from "../domain/service-window.ts";
import type { ThreadQuery } from "./conversation-store.ts";

export function matchesThreadQuery(thread: ThreadRecord, query: ThreadQuery): boolean {
  if (query.phoneNumberId && thread.phoneNumberId !== query.phoneNumberId) return false;
  if (query.hostingMode && thread.hosting.hostingMode !== query.hostingMode) return false;
  if (query.encryptionState && thread.hosting.encryptionState !== query.encryptionState) return false;
  if (query.updatedSinceMs && thread.updatedAtMs < query.updatedSinceMs) return false;
  if (query.window && isWindowOpen(thread.lastInboundAtMs, query.window.nowMs) !== query.window.open) return false;
  return true;
}
