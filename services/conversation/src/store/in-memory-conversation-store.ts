// In-memory adapter of the ConversationStore port for unit tests: the same observable semantics
// as the Mongo adapter (tenant and business in every lookup, first write wins, conditional status
// updates, aliases) on plain maps. It must never be used by the running service.
import { decodeCursor, encodeCursor, type TenantScope } from "@switchboard/kit";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import { advances } from "../domain/status-transition.ts";
import { ConcurrentChangeError, type ConversationStore, type Page } from "./conversation-store.ts";
import { matchesThreadQuery } from "./thread-query.ts";

const page = <T>(items: T[], limit: number, keyOf: (item: T) => (string | number)[]): Page<T> => {
  const last = items.length === limit ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodeCursor(keyOf(last)) : "" };
};

export function createInMemoryConversationStore(): ConversationStore {
  const threads = new Map<string, ThreadRecord>();
  const messages = new Map<string, MessageRecord>();
  const aliases = new Map<string, string>();
  const customerChangedAt = new Map<string, number>();
  const k = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
  const inScope = (scope: TenantScope, t: ThreadRecord) =>
    t.tenantId === scope.tenantId && (scope.businessId === "" || t.businessId === scope.businessId);
  const resolve = (scope: TenantScope, id: string) => aliases.get(k(scope.tenantId, id)) ?? id;

  const store: ConversationStore = {
    async resolveThreadIds({ tenantId }, threadIds) {
      return new Map(threadIds.map((id) => [id, aliases.get(k(tenantId, id)) ?? id]));
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
      const stale = batch.changes.filter((c) => messages.get(k(tenantId, c.messageId))?.status !== c.expectedStatus);
      for (const change of batch.changes) {
        const found = messages.get(k(tenantId, change.messageId));
        if (found?.status === change.expectedStatus)
          messages.set(k(tenantId, change.messageId), { ...found, ...change.set });
      }
      if (stale.length > 0) throw new ConcurrentChangeError(`${stale.length} message(s) changed concurrently`);
    },

    async recordMessage(scope, thread, message) {
      const at = message.createdAtMs;
      const key = k(scope.tenantId, thread.threadId);
      const existing = threads.get(key);
      const inbound = message.direction === "inbound" ? at : 0;
      threads.set(
        key,
        existing
          ? {
              ...existing,
              updatedAtMs: Math.max(existing.updatedAtMs, at),
              lastInboundAtMs: Math.max(existing.lastInboundAtMs, inbound),
            }
          : { ...thread, tenantId: scope.tenantId, createdAtMs: at, updatedAtMs: at, lastInboundAtMs: inbound },
      );
      const messageKey = k(scope.tenantId, message.messageId);
      if (messages.has(messageKey)) return { created: false };
      messages.set(messageKey, { ...message, tenantId: scope.tenantId });
      return { created: true };
    },

    async getThread(scope, threadId) {
      const found = threads.get(k(scope.tenantId, resolve(scope, threadId)));
      return found && inScope(scope, found) && !found.mergedIntoThreadId ? { ...found } : undefined;
    },

    async listThreads(scope, query) {
      const after = decodeCursor(query.cursor, ["string"]);
      const items = [...threads.values()]
        .filter((t) => inScope(scope, t) && !t.mergedIntoThreadId && matchesThreadQuery(t, query))
        .filter((t) => !after || t.threadId > String(after[0]))
        .sort((a, b) => (a.threadId < b.threadId ? -1 : 1))
        .slice(0, query.limit);
      return page(items, query.limit, (t) => [t.threadId]);
    },

    async listMessages(scope, query) {
      const after = decodeCursor(query.cursor, ["number", "string"]);
      const ids = new Set([query.threadId]);
      for (const [key, target] of aliases) {
        if (target === query.threadId && key.startsWith(`${scope.tenantId}\u0000`))
          ids.add(key.split("\u0000")[1] ?? "");
      }
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

    async getMessage(scope, messageId) {
      const found = messages.get(k(scope.tenantId, messageId));
      return found ? { ...found } : undefined;
    },

    async resolveThreadId(scope, threadId) {
      return resolve(scope, threadId);
    },

    async advanceStatus(scope, messageId, change) {
      const key = k(scope.tenantId, messageId);
      const found = messages.get(key);
      if (found?.direction !== "outbound") return { kind: "unknown" };
      if (advances(found.status, change.status)) {
        const next: MessageRecord = {
          ...found,
          previousStatus: found.status,
          status: change.status,
          statusAtMs: change.statusAtMs,
          ...(change.status === "failed" ? { errorsJson: change.errorsJson } : {}),
        };
        messages.set(key, next);
        return { kind: "pending", message: { ...next } };
      }
      const unpublished = found.status === change.status && found.publishedStatus !== change.status;
      return unpublished ? { kind: "pending", message: { ...found } } : { kind: "stale" };
    },

    async markStatusPublished(scope, messageId, status) {
      const found = messages.get(k(scope.tenantId, messageId));
      if (found && found.status === status) found.publishedStatus = status;
    },

    async markReadyPublished(scope, messageId) {
      const found = messages.get(k(scope.tenantId, messageId));
      if (found) found.readyPublished = true;
    },

    async relinkThread(scope, relink) {
      if (relink.aliasThreadId !== relink.threadId && !aliases.has(k(scope.tenantId, relink.aliasThreadId))) {
        aliases.set(k(scope.tenantId, relink.aliasThreadId), relink.threadId);
      }
      const target = threads.get(k(scope.tenantId, relink.threadId));
      if (!target) return;
      const merged = threads.get(k(scope.tenantId, relink.aliasThreadId));
      if (merged && merged !== target) {
        target.updatedAtMs = Math.max(target.updatedAtMs, merged.updatedAtMs);
        target.lastInboundAtMs = Math.max(target.lastInboundAtMs, merged.lastInboundAtMs);
        merged.mergedIntoThreadId = relink.threadId;
      }
      // The newest identity wins, whatever order the changes arrive in.
      const targetKey = k(scope.tenantId, relink.threadId);
      if ((customerChangedAt.get(targetKey) ?? -1) >= relink.changedAtMs) return;
      customerChangedAt.set(targetKey, relink.changedAtMs);
      target.customerId = relink.customerId;
      target.customerWaId = relink.customerWaId;
    },
  };
  return store;
}
