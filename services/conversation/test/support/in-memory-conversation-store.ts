// In-memory adapter of the ConversationStore port, for unit tests: the Mongo adapter's observable
// semantics (tenant and business in every lookup, first write wins, conditional changes, aliases,
// bounded deletions) on plain maps. The store contract (conversation-store-contract.ts) holds both
// adapters to the same behaviour. Test support: never part of the running service.
import { decodeCursor, encodeCursor, type TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../../src/domain/records.ts";
import type { ConversationStore, Page } from "../../src/store/conversation-store.ts";
import { ConcurrentChangeError } from "../../src/store/message-batch-write.ts";
import { matchesThreadQuery } from "./thread-query-match.ts";

const page = <T>(items: T[], limit: number, keyOf: (item: T) => (string | number)[]): Page<T> => {
  const last = items.length === limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor(keyOf(last)) : "" };
};

export function createInMemoryConversationStore(): ConversationStore {
  const threads = new Map<string, ThreadRecord>();
  const messages = new Map<string, MessageRecord>();
  /** alias key → the thread id it points at */
  const aliases = new Map<string, string>();
  const k = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
  const inScope = (scope: TenantScope, t: ThreadRecord) =>
    t.tenantId === scope.tenantId && (scope.businessId === "" || t.businessId === scope.businessId);
  const resolve = (tenantId: string, id: string) => aliases.get(k(tenantId, id)) ?? id;
  const aliasesOf = (tenantId: string, threadId: string) =>
    [...aliases]
      .filter(([key, target]) => target === threadId && key.startsWith(`${tenantId}\u0000`))
      .map(([key]) => key.slice(tenantId.length + 1));
  /** Deletes up to `limit` of the tenant's messages that match, in insertion order. */
  const take = (tenantId: string, matches: (m: MessageRecord) => boolean, limit: number) => {
    const batch = [...messages].filter(([, m]) => m.tenantId === tenantId && matches(m)).slice(0, limit);
    for (const [key] of batch) messages.delete(key);
    return batch.length;
  };

  return {
    async resolveThreadIds({ tenantId }, threadIds) {
      return new Map(threadIds.map((id) => [id, resolve(tenantId, id)]));
    },

    async getThreads({ tenantId }, threadIds) {
      const found = new Map<string, ThreadRecord>();
      for (const id of threadIds) {
        const thread = threads.get(k(tenantId, id));
        if (thread && !thread.mergedIntoThreadId) found.set(id, { ...thread });
      }
      return found;
    },

    async getMessages({ tenantId }, messageIds) {
      const found = new Map<string, MessageRecord>();
      for (const id of messageIds) {
        const message = messages.get(k(tenantId, id));
        if (message) found.set(id, { ...message });
      }
      return found;
    },

    async writeBatch({ tenantId }, batch) {
      for (const message of batch.messages) {
        const key = k(tenantId, message.messageId);
        if (!messages.has(key)) messages.set(key, { ...message, tenantId });
      }
      for (const touch of batch.threads) {
        const key = k(tenantId, touch.threadId);
        const existing = threads.get(key);
        if (existing) {
          existing.updatedAtMs = Math.max(existing.updatedAtMs, touch.updatedAtMs);
          existing.lastInboundAtMs = Math.max(existing.lastInboundAtMs, touch.lastInboundAtMs);
        } else if (touch.insert) threads.set(key, { ...touch.insert, tenantId });
      }
      let stale = 0;
      for (const change of batch.changes) {
        const key = k(tenantId, change.messageId);
        const found = messages.get(key);
        if (found?.status === change.expectedStatus) messages.set(key, { ...found, ...change.set });
        else stale += 1;
      }
      if (stale > 0) throw new ConcurrentChangeError(`${stale} message(s) changed concurrently`);
    },

    async getThread(scope, threadId) {
      const found = threads.get(k(scope.tenantId, resolve(scope.tenantId, threadId)));
      return found && inScope(scope, found) && !found.mergedIntoThreadId ? { ...found } : undefined;
    },

    async getMessage(scope, messageId) {
      const found = messages.get(k(scope.tenantId, messageId));
      return found ? { ...found } : undefined;
    },

    async listThreads(scope, query) {
      const after = decodeCursor(query.cursor, ["string"]);
      const items = [...threads.values()]
        .filter((t) => inScope(scope, t) && !t.mergedIntoThreadId && matchesThreadQuery(t, query))
        .filter((t) => !after || t.threadId > String(after[0]))
        .sort((a, b) => (a.threadId < b.threadId ? -1 : 1))
        .slice(0, query.limit)
        .map((t) => ({ ...t }));
      return page(items, query.limit, (t) => [t.threadId]);
    },

    async listMessages(scope, query) {
      const after = decodeCursor(query.cursor, ["number", "string"]);
      const ids = new Set([query.threadId, ...aliasesOf(scope.tenantId, query.threadId)]);
      const items = [...messages.values()]
        .filter((m) => m.tenantId === scope.tenantId && ids.has(m.threadId))
        .map((m) => ({ ...m, threadId: query.threadId }))
        .filter(
          (m) =>
            !after ||
            m.createdAtMs > Number(after[0]) ||
            (m.createdAtMs === Number(after[0]) && m.messageId > String(after[1])),
        )
        .sort((a, b) => a.createdAtMs - b.createdAtMs || (a.messageId < b.messageId ? -1 : 1))
        .slice(0, query.limit);
      return page(items, query.limit, (m) => [m.createdAtMs, m.messageId]);
    },

    async resolveThreadId(scope, threadId) {
      return resolve(scope.tenantId, threadId);
    },

    async aliasesOf(scope, threadId) {
      return aliasesOf(scope.tenantId, threadId);
    },

    async relinkThread({ tenantId }, relink) {
      // The Mongo adapter's steps (mongo-thread-links.ts), in its order.
      if (relink.aliasThreadId !== relink.threadId) {
        const aliasKey = k(tenantId, relink.aliasThreadId);
        if (!aliases.has(aliasKey)) aliases.set(aliasKey, relink.threadId);
        for (const alias of aliasesOf(tenantId, relink.aliasThreadId)) aliases.set(k(tenantId, alias), relink.threadId);
        const merged = threads.get(k(tenantId, relink.aliasThreadId));
        if (merged) {
          merged.mergedIntoThreadId = relink.threadId;
          const kept = threads.get(k(tenantId, relink.threadId));
          if (kept) {
            kept.updatedAtMs = Math.max(kept.updatedAtMs, merged.updatedAtMs);
            kept.lastInboundAtMs = Math.max(kept.lastInboundAtMs, merged.lastInboundAtMs);
          }
        }
      }
      // The newest identity wins, whatever order the changes arrive in.
      const target = threads.get(k(tenantId, relink.threadId));
      if (!target || (target.customerChangedAtMs ?? -1) >= relink.changedAtMs) return;
      target.customerId = relink.customerId;
      target.customerWaId = relink.customerWaId;
      target.customerChangedAtMs = relink.changedAtMs;
    },

    async threadsOfNumber(scope, query) {
      return [...threads.values()]
        .filter(
          (t) =>
            inScope(scope, t) &&
            !t.mergedIntoThreadId &&
            t.phoneNumberId === query.phoneNumberId &&
            t.threadId > query.afterThreadId,
        )
        .sort((a, b) => (a.threadId < b.threadId ? -1 : 1))
        .slice(0, query.limit)
        .map(({ threadId, businessId, phoneNumberId, customerId, customerWaId, createdAtMs }) => ({
          threadId,
          businessId,
          phoneNumberId,
          customerId,
          customerWaId,
          createdAtMs,
        }));
    },

    async countMessages({ tenantId }, threadIds) {
      return [...messages.values()].filter((m) => m.tenantId === tenantId && threadIds.includes(m.threadId)).length;
    },

    async deleteThreadMessages({ tenantId }, threadIds, limit) {
      return take(tenantId, (m) => threadIds.includes(m.threadId), limit);
    },

    async deleteThreads({ tenantId }, threadIds) {
      for (const id of threadIds) threads.delete(k(tenantId, id));
    },

    async deleteMessagesBefore({ tenantId }, cutoffMs, limit) {
      return take(tenantId, (m) => m.createdAtMs < cutoffMs, limit);
    },
  };
}
