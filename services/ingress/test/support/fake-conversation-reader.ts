// A ConversationReader standing in for the conversation service: threads and messages of several
// tenants, scoped exactly as the service scopes them (tenant and business), with index cursors.
// It records every call, so a test can prove that bad input never reached the reader.
import { unknownObject } from "../../src/graph/graph-errors.ts";
import type {
  ConversationReader,
  HostingHistoryEntry,
  Message,
  Page,
  Thread,
} from "../../src/read-side/conversation-reader.ts";
import type { Caller } from "../../src/tenancy/tenancy-records.ts";

export interface StoredThread {
  owner: Caller;
  thread: Thread;
  history: HostingHistoryEntry[];
  messages: Message[];
}

function pageOf<T>(items: T[], limit: number, after: string): Page<T> {
  const start = after === "" ? 0 : Number(Buffer.from(after, "base64url").toString());
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return { items: slice, after: end < items.length ? Buffer.from(String(end)).toString("base64url") : "" };
}

export function createFakeConversationReader(threads: StoredThread[]): ConversationReader & { calls: string[] } {
  const calls: string[] = [];
  const owned = (caller: Caller) =>
    threads.filter((t) => t.owner.tenantId === caller.tenantId && t.owner.businessId === caller.businessId);
  const find = (caller: Caller, threadId: string) => {
    const found = owned(caller).find((t) => t.thread.threadId === threadId);
    if (!found) throw unknownObject(threadId);
    return found;
  };
  return {
    calls,
    async listThreads(caller, query) {
      calls.push(`listThreads ${JSON.stringify(query)}`);
      const matching = owned(caller)
        .map((t) => t.thread)
        .filter((t) => t.phoneNumberId === query.phoneNumberId)
        .filter((t) => query.hostingMode === undefined || t.hosting?.hostingMode === query.hostingMode)
        .filter((t) => query.encryptionState === undefined || t.hosting?.encryptionState === query.encryptionState)
        .filter((t) => query.windowOpen === undefined || t.windowOpen === query.windowOpen)
        .filter((t) => query.updatedSinceMs === undefined || t.updatedAtMs >= query.updatedSinceMs);
      return pageOf(matching, query.limit, query.after);
    },
    async getThread(caller, threadId) {
      calls.push(`getThread ${threadId}`);
      const found = find(caller, threadId);
      return { thread: found.thread, hostingHistory: found.history };
    },
    async listMessages(caller, threadId, page) {
      calls.push(`listMessages ${threadId}`);
      return pageOf(find(caller, threadId).messages, page.limit, page.after);
    },
    async auditTrail(caller, messageId) {
      calls.push(`auditTrail ${messageId}`);
      for (const stored of owned(caller)) {
        const message = stored.messages.find((m) => m.messageId === messageId);
        if (!message) continue;
        return {
          messageId,
          threadId: message.threadId,
          direction: message.direction,
          messageAtMs: message.createdAtMs,
          hosting: message.hosting,
          inForce: stored.history.filter((h) => h.atMs <= message.createdAtMs).at(-1),
          nextChange: stored.history.find((h) => h.atMs > message.createdAtMs),
        };
      }
      throw unknownObject(messageId);
    },
  };
}
