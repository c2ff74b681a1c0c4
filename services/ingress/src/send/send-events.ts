// The events an accepted request publishes: OutboundMessageAccepted for a message (keyed by its
// thread, event id = wamid so a takeover republish is recognisable) and MessageReadByBusiness for
// a mark-read (keyed by tenant/number: the request does not name the customer).
import { event, type OutgoingEvent } from "@switchboard/kit";
import {
  encryptionStateOf,
  MessageReadByBusinessEvent,
  OutboundMessageAcceptedEvent,
  threadKey,
} from "@switchboard/proto";
import type { Caller, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { MessageRequest, ReadRequest } from "./send-request.ts";

export function acceptedMessageEvent(
  caller: Caller,
  number: PhoneNumberRecord,
  message: MessageRequest,
  ids: { messageId: string; waId: string },
): OutgoingEvent {
  const thread = {
    tenantId: caller.tenantId,
    businessId: caller.businessId,
    phoneNumberId: number.phoneNumberId,
    customerId: ids.waId,
    customerWaId: ids.waId,
  };
  return event(OutboundMessageAcceptedEvent, {
    id: ids.messageId,
    key: threadKey(thread),
    tenantId: caller.tenantId,
    data: {
      thread,
      messageId: ids.messageId,
      type: message.type,
      bodyJson: JSON.stringify(message.body),
      contextMessageId: message.contextMessageId ?? "",
      bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? "",
      acceptedAtMs: Date.now(),
      hosting: {
        hostingMode: number.hostingMode,
        encryptionState: encryptionStateOf(number.hostingMode),
        processors: number.processors,
      },
    },
  });
}

export function readByBusinessEvent(
  caller: Caller,
  number: PhoneNumberRecord,
  read: ReadRequest,
  eventId: string,
): OutgoingEvent {
  return event(MessageReadByBusinessEvent, {
    id: eventId,
    key: `${caller.tenantId}/${number.phoneNumberId}`,
    tenantId: caller.tenantId,
    data: {
      tenantId: caller.tenantId,
      businessId: caller.businessId,
      phoneNumberId: number.phoneNumberId,
      messageId: read.messageId,
      typingIndicator: read.typingIndicator,
      readAtMs: Date.now(),
    },
  });
}
