// The conversation consumer's handlers for the thread-events topic: messages, sends and statuses
// in batches (thread-batch-handler.ts), identity changes one at a time (rare, and each relink is
// a short sequence of its own). The tenant comes from the event envelope, which ingress set after
// authenticating; a payload naming another tenant than its envelope is dead-lettered, never stored.
import { EventHandlers } from "@switchboard/kit";
import { CustomerIdentityChangedEvent } from "@switchboard/proto";
import type { ConversationStore } from "../store/conversation-store.ts";
import { identityChangedHandler } from "./identity-changed-handler.ts";
import { THREAD_BATCH_EVENTS, type ThreadBatchDeps, threadBatchHandler } from "./thread-batch-handler.ts";

export function threadEventHandlers(deps: ThreadBatchDeps & { store: ConversationStore }): EventHandlers {
  return new EventHandlers()
    .onBatch(THREAD_BATCH_EVENTS, threadBatchHandler(deps))
    .on(CustomerIdentityChangedEvent, identityChangedHandler(deps.store));
}
