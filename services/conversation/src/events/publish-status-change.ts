// Publishes a message's pending status change, then marks it published. The event id is
// deterministic (`status:<messageId>:<status>`): if the process dies between the publish and the
// mark, the redelivered status publishes again with the same id, and consumers drop the repeat.
// It must never publish for a message whose status did not change (the store decides that).
import { type EventBus, event } from "@switchboard/kit";
import { MessageStatusChangedEvent, threadKey } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { MessageRecord } from "../domain/records.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

export function statusEventId(messageId: string, status: string): string {
  return `status:${messageId}:${status}`;
}

export async function publishStatusChange(
  store: ConversationStore,
  bus: Pick<EventBus, "publish">,
  thread: ThreadRef,
  message: MessageRecord,
): Promise<void> {
  await bus.publish([
    event(MessageStatusChangedEvent, {
      key: threadKey(thread),
      tenantId: thread.tenantId,
      id: statusEventId(message.messageId, message.status),
      data: {
        thread,
        messageId: message.messageId,
        status: message.status,
        previousStatus: message.previousStatus ?? "",
        statusAtMs: message.statusAtMs ?? 0,
        errorsJson: message.status === "failed" ? (message.errorsJson ?? "") : "",
        bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? "",
      },
    }),
  ]);
  await store.markStatusPublished(
    { tenantId: thread.tenantId, businessId: thread.businessId },
    message.messageId,
    message.status,
  );
}
