// Wraps a thread-message handler so that, once it has stored the message, the thread is ensured
// its initial hosting notice. The notice runs only after the handler succeeded: a message that is
// rejected (and dead-lettered) never creates a notice for a thread that does not exist.
import type { EventHandler, TenantScope } from "@switchboard/kit";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import { threadIdFor, threadOf } from "../events/thread-scope.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { EnsureInitialNotice } from "./initial-notice.ts";

interface ThreadMessage {
  thread: ThreadRef | undefined;
  hosting: HostingSnapshot | undefined;
}

export function withInitialNotice<T extends ThreadMessage>(
  ensure: EnsureInitialNotice | undefined,
  store: ConversationStore,
  messageAtOf: (data: T) => number,
  handler: EventHandler<T>,
): EventHandler<T> {
  if (!ensure) return handler;
  return async (event) => {
    await handler(event);
    const { scope, ref }: { scope: TenantScope; ref: ThreadRef } = threadOf(event);
    await ensure(scope, {
      ref,
      hosting: hostingStateFrom(event.data.hosting),
      messageAtMs: messageAtOf(event.data),
      threadId: () => threadIdFor(store, scope, ref),
    });
  };
}
