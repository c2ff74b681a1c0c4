// WatchThread and WatchBusiness: server streams of a thread's or a business's activity from the
// moment the call starts, fed by the process's watch hub. The caller's tenant scope is part of
// every filter: a thread outside it is NOT_FOUND before the stream starts, and a business watcher
// only ever matches its own tenant (and business, when business-scoped).
import { AppError, type Logger, type StreamSink, streamHandler, type TenantScope } from "@switchboard/kit";
import type {
  ConversationServiceServer,
  ThreadActivity,
} from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { ActivityRoute, WatchHub } from "../watch/watch-hub.ts";

const inScope = (scope: TenantScope, route: ActivityRoute) =>
  route.tenantId === scope.tenantId && (scope.businessId === "" || route.businessId === scope.businessId);

/** Streams matching activity until the client goes away or the hub closes (shutdown). */
async function follow<Res>(
  hub: WatchHub,
  sink: StreamSink<Res>,
  matches: (route: ActivityRoute) => boolean,
  wrap: (activity: ThreadActivity) => Res,
): Promise<void> {
  let unregister = () => {};
  try {
    await new Promise<void>((resolve) => {
      unregister = hub.register({ matches, push: (activity) => sink.write(wrap(activity)), end: resolve });
      if (sink.signal.aborted) resolve();
      sink.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    unregister();
  }
}

export function watchGrpc(
  store: ConversationStore,
  hub: WatchHub,
  logger: Logger,
): Pick<ConversationServiceServer, "watchThread" | "watchBusiness"> {
  return {
    watchThread: streamHandler(logger, async (request, scope, sink) => {
      const thread = await store.getThread(scope, request.threadId);
      if (!thread) throw new AppError("not_found", "thread not found");
      await follow(
        hub,
        sink,
        (route) => inScope(scope, route) && route.threadId === thread.threadId,
        (activity) => ({ activity }),
      );
    }),
    watchBusiness: streamHandler(logger, async (request, scope, sink) => {
      await follow(
        hub,
        sink,
        (route) =>
          inScope(scope, route) && (request.phoneNumberId === "" || route.phoneNumberId === request.phoneNumberId),
        (activity) => ({ activity }),
      );
    }),
  };
}
