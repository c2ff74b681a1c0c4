// The events the outbound side reports back into the thread: a MessageStatusReceived per status
// (sent, delivered, read, failed with Meta's errors) and an InboundMessageReceived per simulated
// reply. Ids are derived from (message, status), so a redelivered send republishes the same ids.
import { event, type OutgoingEvent } from "@switchboard/kit";
import { InboundMessageReceivedEvent, MessageStatusReceivedEvent, threadKey } from "@switchboard/proto";
import { eventIdOf } from "../upstream-ids/upstream-event-id.ts";
import type { UpstreamMessage } from "./upstream-channel.ts";

export function statusEvent(message: UpstreamMessage, status: string, atMs: number, errorsJson = ""): OutgoingEvent {
  const { thread } = message;
  return event(MessageStatusReceivedEvent, {
    id: eventIdOf(thread.tenantId, ["status", message.messageId, status]),
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId: message.messageId,
      status,
      statusAtMs: atMs,
      errorsJson,
      bizOpaqueCallbackData: message.bizOpaqueCallbackData,
    },
  });
}

export function replyEvent(
  message: UpstreamMessage,
  replyId: string,
  reply: Record<string, unknown>,
  atMs: number,
): OutgoingEvent {
  const { thread } = message;
  return event(InboundMessageReceivedEvent, {
    id: eventIdOf(thread.tenantId, ["inbound", replyId]),
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId: replyId,
      type: typeof reply.type === "string" ? reply.type : "text",
      messageJson: JSON.stringify(reply),
      sentAtMs: atMs,
      receivedAtMs: atMs,
      hosting: message.hosting,
      // The simulator's customers have no profile to report.
      contactJson: "",
    },
  });
}
