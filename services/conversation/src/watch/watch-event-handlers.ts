// Feeds the watch hub from the thread events topic: new messages (inbound, accepted outbound,
// system notices) and status changes become ThreadActivity. Runs in its own per-process consumer
// group reading only new events, next to the storing consumer; it stores nothing and never
// throws (a failure here must not dead-letter an event the storing consumer handled).
import { EventHandlers, type Logger, type ReceivedEvent } from "@switchboard/kit";
import {
  InboundMessageReceivedEvent,
  MessageStatusChangedEvent,
  OutboundMessageAcceptedEvent,
  SystemMessageAddedEvent,
} from "@switchboard/proto";
import type { Message, ThreadActivity } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import { threadIdFor, threadOf } from "../events/thread-scope.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import type { WatchHub } from "./watch-hub.ts";

type Activity = { message: Omit<Message, "threadId"> } | { status: NonNullable<ThreadActivity["status"]> };

export function watchEventHandlers(store: ConversationStore, hub: WatchHub, logger: Logger): EventHandlers {
  const relay =
    <T extends { thread: ThreadRef | undefined }>(toActivity: (data: T) => Activity) =>
    async (event: ReceivedEvent<T>) => {
      if (hub.size === 0) return;
      try {
        const { scope, ref } = threadOf(event);
        const threadId = await threadIdFor(store, scope, ref);
        const activity = toActivity(event.data);
        hub.offer(
          { tenantId: scope.tenantId, businessId: ref.businessId, phoneNumberId: ref.phoneNumberId, threadId },
          {
            eventId: event.id,
            threadId,
            phoneNumberId: ref.phoneNumberId,
            ...("message" in activity ? { message: { ...activity.message, threadId } } : { status: activity.status }),
          },
        );
      } catch (error) {
        logger.warn({ err: error, eventId: event.id }, "watch relay skipped an event");
      }
    };
  const snapshot = (hosting: Parameters<typeof hostingStateFrom>[0]) => {
    const state = hostingStateFrom(hosting);
    return { hostingMode: state.hostingMode, encryptionState: state.encryptionState, processors: state.processors };
  };

  return new EventHandlers()
    .on(
      InboundMessageReceivedEvent,
      relay((d) => ({
        message: {
          messageId: d.messageId,
          direction: "inbound",
          type: d.type,
          status: "",
          bodyJson: d.messageJson,
          createdAtMs: d.receivedAtMs,
          hosting: snapshot(d.hosting),
        },
      })),
    )
    .on(
      OutboundMessageAcceptedEvent,
      relay((d) => ({
        message: {
          messageId: d.messageId,
          direction: "outbound",
          type: d.type,
          status: "accepted",
          bodyJson: d.bodyJson,
          createdAtMs: d.acceptedAtMs,
          hosting: snapshot(d.hosting),
        },
      })),
    )
    .on(
      SystemMessageAddedEvent,
      relay((d) => ({
        message: {
          messageId: d.messageId,
          direction: "system",
          type: "system",
          status: "",
          // Shaped like a Cloud API `system` message object.
          bodyJson: JSON.stringify({ type: "system", system: { body: d.text, type: d.kind } }),
          createdAtMs: d.createdAtMs,
          hosting: snapshot(d.hosting),
        },
      })),
    )
    .on(
      MessageStatusChangedEvent,
      relay((d) => ({
        status: {
          messageId: d.messageId,
          status: d.status,
          previousStatus: d.previousStatus,
          statusAtMs: d.statusAtMs,
          errorsJson: d.errorsJson,
        },
      })),
    );
}
