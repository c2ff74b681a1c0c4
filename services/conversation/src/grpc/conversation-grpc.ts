// The ConversationService gRPC implementation: reads scoped to the caller's tenant (and business,
// when the caller is business-scoped), with the hosting and privacy RPCs mounted beside them.
// Another tenant's thread is NOT_FOUND, indistinguishable from one that does not exist.
import { AppError, type Logger, unaryHandler } from "@switchboard/kit";
import type { ConversationServiceServer } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { HostingRpcs } from "../hosting/hosting-rpcs.ts";
import type { PrivacyRpcs } from "../privacy/privacy-rpcs.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { WatchHub } from "../watch/watch-hub.ts";
import { toMessage, toThread } from "./record-views.ts";
import { watchGrpc } from "./watch-grpc.ts";

const MAX_PAGE = 100;
const pageSize = (requested: number) => (requested <= 0 ? 25 : Math.min(requested, MAX_PAGE));

export interface ConversationGrpcDeps {
  store: ConversationStore;
  /** The process's watch hub (WatchThread, WatchBusiness). */
  hub: WatchHub;
  /** Hosting history and current hosting for GetThread, ListThreads and GetAuditTrail (src/hosting). */
  hosting: HostingRpcs;
  /** Opt-out, export, erasure and tenant policy (src/privacy). */
  privacy: PrivacyRpcs;
  /** Clock for the window state in responses and filters. */
  clock: () => number;
  logger: Logger;
}

export function conversationGrpc(deps: ConversationGrpcDeps): ConversationServiceServer {
  const { store, hub, hosting, privacy, clock, logger } = deps;
  return {
    ...watchGrpc(store, hub, logger),
    ...privacy,
    getAuditTrail: hosting.getAuditTrail,
    getThread: unaryHandler(logger, async (request, scope) => {
      const thread = await store.getThread(scope, request.threadId);
      if (!thread) throw new AppError("not_found", "thread not found");
      // The thread's current hosting is its latest history entry (hosting changes are not
      // written into every thread document: see src/hosting/mongo-hosting-store.ts).
      const history = await hosting.threadHosting(scope, thread.threadId);
      const view = toThread(thread, clock());
      return { thread: { ...view, hosting: history.current ?? view.hosting }, hostingHistory: history.history };
    }),
    listThreads: unaryHandler(logger, async (request, scope) => {
      const nowMs = clock();
      // Hosting filters apply to the hosting in force now, which a number's later change may
      // overlay: the store pages without them and this page is filtered after the overlay (a page
      // can then be shorter than asked; the cursor still moves on).
      const page = await store.listThreads(scope, {
        phoneNumberId: request.phoneNumberId,
        limit: pageSize(request.pageSize),
        cursor: request.cursor,
        hostingMode: "",
        encryptionState: "",
        updatedSinceMs: request.updatedSinceMs,
        ...(request.windowOpen === undefined ? {} : { window: { open: request.windowOpen, nowMs } }),
      });
      const current = await hosting.currentHosting(scope, page.items);
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
