// The events the conversation service publishes for a thread's messages, as pure builders with
// deterministic ids: a redelivered batch rebuilds byte-identical events, so the sender sends a
// message upstream once and consumers drop a repeated status change by its id.
import { event, type OutgoingEvent } from "@switchboard/kit";
import { MessageStatusChangedEvent, OutboundMessageReadyToSendEvent, threadKey } from "@switchboard/proto";
import type { OutboundMessageAccepted, ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { MessageRecord } from "../domain/records.ts";

export function readyEventId(messageId: string): string {
  return `ready:${messageId}`;
}

export function statusEventId(messageId: string, status: string, previousStatus = ""): string {
  // Out of a failure only Meta's report superseding the provisional "outcome unknown" moves: its
  // own id, since Meta's real `failed` would otherwise repeat the provisional one's id and be dropped.
  return previousStatus === "failed" ? `status:${messageId}:failed>${status}` : `status:${messageId}:${status}`;
}

type Trace = Readonly<Record<string, string>>;

/** The go-ahead for the upstream sender: the send passed the window and privacy checks. */
export function readyToSendEvent(thread: ThreadRef, send: OutboundMessageAccepted, trace: Trace): OutgoingEvent {
  return event(OutboundMessageReadyToSendEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    id: readyEventId(send.messageId),
    traceHeaders: trace,
    data: {
      thread,
      messageId: send.messageId,
      type: send.type,
      bodyJson: send.bodyJson,
      bizOpaqueCallbackData: send.bizOpaqueCallbackData,
      hosting: send.hosting,
    },
  });
}

/** A message's move to its current status (`previousStatus` → `status`). */
export function statusChangedEvent(thread: ThreadRef, message: MessageRecord, trace: Trace): OutgoingEvent {
  return event(MessageStatusChangedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    id: statusEventId(message.messageId, message.status, message.previousStatus),
    traceHeaders: trace,
    data: {
      thread,
      messageId: message.messageId,
      status: message.status,
      previousStatus: message.previousStatus ?? "",
      statusAtMs: message.statusAtMs ?? 0,
      errorsJson: message.status === "failed" ? (message.errorsJson ?? "") : "",
      bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? "",
    },
  });
}
