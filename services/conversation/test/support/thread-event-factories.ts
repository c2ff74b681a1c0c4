// Factories for the thread events the integration tests publish, named for what they make.
import { event } from "@switchboard/kit";
import {
  CustomerIdentityChangedEvent,
  InboundMessageReceivedEvent,
  MessageStatusReceivedEvent,
  OutboundMessageAcceptedEvent,
  threadKey,
} from "@switchboard/proto";
import type { HostingSnapshot } from "@switchboard/proto/gen/switchboard/events/v1/hosting";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";

export interface Scope {
  tenantId: string;
  businessId: string;
}

export const threadRef = (scope: Scope, customerId: string, phoneNumberId = "100200300"): ThreadRef => ({
  tenantId: scope.tenantId,
  businessId: scope.businessId,
  phoneNumberId,
  customerId,
  customerWaId: customerId,
});

export const onPremisesHosting: HostingSnapshot = {
  hostingMode: "on_premises",
  encryptionState: "end_to_end",
  processors: ["business"],
};
export const cloudHosting: HostingSnapshot = {
  hostingMode: "cloud",
  encryptionState: "provider_accessible",
  processors: ["business", "meta"],
};

export const inboundEvent = (thread: ThreadRef, messageId: string, receivedAtMs: number, hosting = cloudHosting) =>
  event(InboundMessageReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type: "text",
      messageJson: '{"text":{"body":"hi"}}',
      contactJson: "",
      sentAtMs: 0,
      receivedAtMs,
      hosting,
    },
  });

export const acceptedEvent = (thread: ThreadRef, messageId: string, acceptedAtMs: number, type = "text") =>
  event(OutboundMessageAcceptedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: {
      thread,
      messageId,
      type,
      bodyJson: "{}",
      contextMessageId: "",
      bizOpaqueCallbackData: `cb:${messageId}`,
      acceptedAtMs,
      hosting: cloudHosting,
    },
  });

export const statusEvent = (thread: ThreadRef, messageId: string, status: string, errorsJson = "") =>
  event(MessageStatusReceivedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: { thread, messageId, status, statusAtMs: 1, errorsJson, bizOpaqueCallbackData: "" },
  });

export const identityChangedEvent = (thread: ThreadRef, newCustomerId: string, changedAtMs: number) =>
  event(CustomerIdentityChangedEvent, {
    key: threadKey(thread),
    tenantId: thread.tenantId,
    data: { thread, newCustomerId, newCustomerWaId: newCustomerId, changedAtMs },
  });
