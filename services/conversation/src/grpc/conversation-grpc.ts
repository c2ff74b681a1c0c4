// The ConversationService gRPC implementation: reads scoped to the caller's tenant (and business,
// when the caller is business-scoped). Another tenant's thread is NOT_FOUND, indistinguishable
// from one that does not exist.
import { AppError, type Logger, unaryHandler } from "@switchboard/kit";
import type {
  ConversationServiceServer,
  Message,
  Thread,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { HostingState, MessageRecord, ThreadRecord } from "../domain/records.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

const MAX_PAGE = 100;
const pageSize = (requested: number) => (requested <= 0 ? 25 : Math.min(requested, MAX_PAGE));

const toSnapshot = (h: HostingState): HostingSnapshot => ({
  hostingMode: h.hostingMode,
  encryptionState: h.encryptionState,
  processors: h.processors,
});

export const toThread = (t: ThreadRecord): Thread => ({
  threadId: t.threadId,
  phoneNumberId: t.phoneNumberId,
  customerId: t.customerId,
  customerWaId: t.customerWaId,
  hosting: toSnapshot(t.hosting),
  createdAtMs: t.createdAtMs,
  updatedAtMs: t.updatedAtMs,
  lastInboundAtMs: t.lastInboundAtMs,
});

export const toMessage = (m: MessageRecord): Message => ({
  messageId: m.messageId,
  threadId: m.threadId,
  direction: m.direction,
  type: m.type,
  status: m.status,
  bodyJson: m.bodyJson,
  createdAtMs: m.createdAtMs,
  hosting: toSnapshot(m.hosting),
});

export function conversationGrpc(store: ConversationStore, logger: Logger): ConversationServiceServer {
  return {
    getThread: unaryHandler(logger, async (request, scope) => {
      const thread = await store.getThread(scope, request.threadId);
      if (!thread) throw new AppError("not_found", "thread not found");
      return { thread: toThread(thread) };
    }),
    listThreads: unaryHandler(logger, async (request, scope) => {
      const page = await store.listThreads(scope, {
        phoneNumberId: request.phoneNumberId,
        limit: pageSize(request.pageSize),
        cursor: request.cursor,
      });
      return { threads: page.items.map(toThread), nextCursor: page.nextCursor };
    }),
    listMessages: unaryHandler(logger, async (request, scope) => {
      // The thread lookup is the authorisation check: a thread outside the scope has no messages.
      if (!(await store.getThread(scope, request.threadId))) throw new AppError("not_found", "thread not found");
      const page = await store.listMessages(scope, {
        threadId: request.threadId,
        limit: pageSize(request.pageSize),
        cursor: request.cursor,
      });
      return { messages: page.items.map(toMessage), nextCursor: page.nextCursor };
    }),
  };
}
