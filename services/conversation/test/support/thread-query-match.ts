// ListThreads filters as one predicate, for the in-memory adapter: the same meaning as the Mongo
// filter (src/store/mongo-thread-query.ts); the store contract checks that both agree.
import type { ThreadRecord } from "../../src/domain/records.ts";
import { isWindowOpen } from "../../src/domain/service-window.ts";
import type { ThreadQuery } from "../../src/store/conversation-store.ts";

export function matchesThreadQuery(thread: ThreadRecord, query: ThreadQuery): boolean {
  if (query.phoneNumberId && thread.phoneNumberId !== query.phoneNumberId) return false;
  if (query.hostingMode && thread.hosting.hostingMode !== query.hostingMode) return false;
  if (query.encryptionState && thread.hosting.encryptionState !== query.encryptionState) return false;
  if (query.updatedSinceMs && thread.updatedAtMs < query.updatedSinceMs) return false;
  if (query.window && isWindowOpen(thread.lastInboundAtMs, query.window.nowMs) !== query.window.open) return false;
  return true;
}
