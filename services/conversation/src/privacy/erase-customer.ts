// Erases one customer of a business number: stores a content-free tombstone first (who asked,
// when, how many messages, which thread ids), then deletes the messages in bounded batches, then
// the thread documents, then publishes CustomerErased once (outbox marker on the tombstone, fixed
// event id). Every step is idempotent and the tombstone records where it got to, so a retry after
// a crash resumes and converges; the first request's tombstone is kept. It must never touch
// another tenant's or another customer's data, and never put content in the tombstone or event.
// The messages and threads are the conversation store's: it counts and deletes them when asked.
import { AppError, type EventBus, event, type TenantScope } from "@switchboard/kit";
import { CustomerErasedEvent, threadKey } from "@switchboard/proto";
import { threadIdOf } from "../domain/thread-id.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { TombstoneRecord } from "./privacy-records.ts";
import type { PrivacyStore } from "./privacy-store.ts";

export const ERASURE_BATCH_SIZE = 500;

export interface ErasureDeps {
  conversations: Pick<
    ConversationStore,
    "getThread" | "resolveThreadId" | "aliasesOf" | "countMessages" | "deleteThreadMessages" | "deleteThreads"
  >;
  privacy: Pick<PrivacyStore, "beginErasure" | "getTombstone" | "completeErasure" | "markErasurePublished">;
  bus: Pick<EventBus, "publish">;
  clock: () => number;
  batchSize?: number;
}

export interface ErasureRequest {
  phoneNumberId: string;
  customerId: string;
  requestedBy: string;
}

export const erasureEventId = (tenantId: string, threadId: string) => `erased:${tenantId}:${threadId}`;

async function begin(deps: ErasureDeps, scope: TenantScope, threadId: string, requestedBy: string) {
  const thread = await deps.conversations.getThread(scope, threadId);
  if (!thread) throw new AppError("not_found", "customer not found");
  const threadIds = [threadId, ...(await deps.conversations.aliasesOf(scope, threadId))];
  return deps.privacy.beginErasure(scope, {
    businessId: thread.businessId,
    threadId,
    threadIds,
    requestedBy,
    requestedAtMs: deps.clock(),
    completedAtMs: 0,
    messagesErased: await deps.conversations.countMessages(scope, threadIds),
    published: false,
  });
}

export async function eraseCustomer(
  deps: ErasureDeps,
  scope: TenantScope,
  request: ErasureRequest,
): Promise<TombstoneRecord> {
  const derived = threadIdOf(scope.tenantId, request.phoneNumberId, request.customerId);
  const threadId = await deps.conversations.resolveThreadId(scope, derived);
  const tombstone =
    (await deps.privacy.getTombstone(scope, threadId)) ?? (await begin(deps, scope, threadId, request.requestedBy));
  // A business-scoped caller sees only its own business's erasures.
  if (scope.businessId !== "" && tombstone.businessId !== scope.businessId) {
    throw new AppError("not_found", "customer not found");
  }
  const limit = deps.batchSize ?? ERASURE_BATCH_SIZE;
  while ((await deps.conversations.deleteThreadMessages(scope, tombstone.threadIds, limit)) === limit) {
    // Full batch: there may be more.
  }
  await deps.conversations.deleteThreads(scope, tombstone.threadIds);
  if (tombstone.completedAtMs === 0) {
    tombstone.completedAtMs = deps.clock();
    await deps.privacy.completeErasure(scope, threadId, tombstone.completedAtMs);
  }
  if (!tombstone.published) {
    const thread = {
      tenantId: scope.tenantId,
      businessId: tombstone.businessId,
      phoneNumberId: request.phoneNumberId,
      customerId: request.customerId,
      customerWaId: "",
    };
    await deps.bus.publish([
      event(CustomerErasedEvent, {
        key: threadKey(thread),
        tenantId: scope.tenantId,
        id: erasureEventId(scope.tenantId, threadId),
        data: {
          thread,
          threadIds: tombstone.threadIds,
          messagesErased: tombstone.messagesErased,
          requestedBy: tombstone.requestedBy,
          requestedAtMs: tombstone.requestedAtMs,
          completedAtMs: tombstone.completedAtMs,
        },
      }),
    ]);
    await deps.privacy.markErasurePublished(scope, threadId);
    tombstone.published = true;
  }
  return tombstone;
}
