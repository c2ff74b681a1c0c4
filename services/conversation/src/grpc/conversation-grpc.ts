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
import { isWindowOpen, windowExpiresAtMs } from "../domain/service-window.ts";
import type { HostingRpcs } from "../hosting/hosting-rpcs.ts";
import type { PrivacyRpcs } from "../privacy/privacy-rpcs.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { WatchHub } from "../watch/watch-hub.ts";
import { watchGrpc } from "./watch-grpc.ts";

const MAX_PAGE = 100;
const pageSize = (requested: number) => (requested <= 0 ? 25 : Math.min(requested, MAX_PAGE));

const toSnapshot = (h: HostingState): HostingSnapshot => ({
  hostingMode: h.hostingMode,
  encryptionState: h.encryptionState,
  processors: h.processors,
});

/** `nowMs` decides the window state reported; callers pass their (injectable) clock's time. */
export const toThread = (t: ThreadRecord, nowMs = Date.now()): Thread => ({
  threadId: t.threadId,
  phoneNumberId: t.phoneNumberId,
  customerId: t.customerId,
  customerWaId: t.customerWaId,
  hosting: toSnapshot(t.hosting),
  createdAtMs: t.createdAtMs,
  updatedAtMs: t.updatedAtMs,
  lastInboundAtMs: t.lastInboundAtMs,
  windowOpen: isWindowOpen(t.lastInboundAtMs, nowMs),
  windowExpiresAtMs: windowExpiresAtMs(t.lastInboundAtMs),
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

export interface ConversationGrpcDeps {
  /** The process's watch hub (WatchThread, WatchBusiness). */
  hub: WatchHub;
  /** Clock for the window state in responses and filters; tests inject one. */
  now?: () => number;
  /** Hosting history for GetThread and GetAuditTrail (src/hosting). */
  hosting?: HostingRpcs;
  /** Opt-out, export, erasure and tenant policy (src/privacy). */
  privacy?: PrivacyRpcs;
}

export function conversationGrpc(
  store: ConversationStore,
  logger: Logger,
  deps: ConversationGrpcDeps,
): ConversationServiceServer {
  const now = deps.now ?? Date.now;
  const unconfigured = unaryHandler(logger, async () => {
    throw new AppError("unavailable", "privacy controls not configured");
  });
  return {
    ...watchGrpc(store, deps.hub, logger),
    optOutCustomer: unconfigured,
    optInCustomer: unconfigured,
    exportCustomerData: unconfigured,
    eraseCustomer: unconfigured,
    setRetentionPolicy: unconfigured,
    setMarketingTemplates: unconfigured,
    ...deps.privacy,
    getAuditTrail:
      deps.hosting?.getAuditTrail ??
      unaryHandler(logger, async () => {
        throw new AppError("unavailable", "audit trail not configured");
      }),
    getThread: unaryHandler(logger, async (request, scope) => {
      const thread = await store.getThread(scope, request.threadId);
      if (!thread) throw new AppError("not_found", "thread not found");
      // The thread's current hosting is its latest history entry (hosting changes are not
      // written into every thread document: see src/hosting/mongo-hosting-store.ts).
      const hosting = await deps.hosting?.threadHosting(scope, thread.threadId);
      const view = toThread(thread, now());
      return { thread: { ...view, hosting: hosting?.current ?? view.hosting }, hostingHistory: hosting?.history ?? [] };
    }),
    listThreads: unaryHandler(logger, async (request, scope) => {
      const nowMs = now();
      // Hosting filters apply to the hosting in force now, which a number's later change may
      // overlay: the store pages without them and this page is filtered after the overlay (a page
      // can then be shorter than asked; the cursor still moves on).
      const page = await store.listThreads(scope, {
        phoneNumberId: request.phoneNumberId,
        limit: pageSize(request.pageSize),
        cursor: request.cursor,
        hostingMode: deps.hosting ? "" : request.hostingMode,
        encryptionState: deps.hosting ? "" : request.encryptionState,
        updatedSinceMs: request.updatedSinceMs,
        ...(request.windowOpen === undefined ? {} : { window: { open: request.windowOpen, nowMs } }),
      });
      const current = deps.hosting ? await deps.hosting.currentHosting(scope, page.items) : page.items;
      const threads = current.filter(
        (t) =>
          (!request.hostingMode || t.hosting.hostingMode === request.hostingMode) &&
          (!request.encryptionState || t.hosting.encryptionState === request.encryptionState),
      );
      return { threads: threads.map((t) => toThread(t, nowMs)), nextCursor: page.nextCursor };
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
