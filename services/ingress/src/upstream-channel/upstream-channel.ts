// The UpstreamChannel port: how an approved outbound message leaves the platform for the
// customer's WhatsApp — Meta's Cloud API in production, the built-in simulator in dev, demos and
// load tests. A send either returns the upstream's message id or a typed failure carrying Meta's
// error code; it never fails silently. A business's mark-read (and typing indicator) of a
// customer's message leaves the same way, and answers only whether the upstream took it.
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";

export interface UpstreamMessage {
  thread: ThreadRef;
  /** Our `wamid.` id, returned to the business when it sent the message. */
  messageId: string;
  type: string;
  /** The validated Graph send body, as JSON. Message content: never logged. */
  bodyJson: string;
  bizOpaqueCallbackData: string;
  hosting: HostingSnapshot | undefined;
}

/** Meta's error, as its Graph error body or a status webhook's `errors[]` item describes it. */
export interface UpstreamFailure {
  code: number;
  title: string;
  message: string;
  details: string;
  /** HTTP status of the last attempt; 0 when the upstream was not reachable. */
  httpStatus: number;
}

export type SendResult =
  | {
      ok: true;
      upstreamMessageId: string;
      /**
       * Starts what the upstream reports later (the simulator's statuses and replies). The sender
       * calls it once `sent` is published, so a later status never overtakes it on the topic.
       */
      followUp?: () => void;
    }
  | { ok: false; failure: UpstreamFailure };

/** A business marked a customer's message read, perhaps showing a typing indicator too. */
export interface UpstreamRead {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  /** The customer's message: inbound ids are the upstream's own, so it needs no translation. */
  messageId: string;
  typingIndicator: boolean;
}

export type ReadResult = { ok: true } | { ok: false; failure: UpstreamFailure };

export interface UpstreamChannel {
  send(message: UpstreamMessage): Promise<SendResult>;
  markRead(read: UpstreamRead): Promise<ReadResult>;
}

/** Meta's mark-read body on the messages endpoint (`typing_indicator` only when asked for). */
export function markReadBodyJson(read: UpstreamRead): string {
  return JSON.stringify({
    messaging_product: "whatsapp",
    status: "read",
    message_id: read.messageId,
    ...(read.typingIndicator ? { typing_indicator: { type: "text" } } : {}),
  });
}

/** A failure in the shape of a status webhook's `errors[]`, for a `failed` status. */
export function statusErrorsJson(failure: UpstreamFailure): string {
  return JSON.stringify([
    {
      code: failure.code,
      title: failure.title,
      message: failure.message,
      error_data: { details: failure.details },
    },
  ]);
}
