// Factories of the platform events business webhooks consume, for unit and integration tests:
// small, explicit, overridable.
import type {
  InboundMessageReceived,
  MessageStatusChanged,
  SystemMessageAdded,
  ThreadRef,
} from "@switchboard/proto/gen/switchboard/events/v1/messages";

export const hosting = {
  hostingMode: "cloud",
  encryptionState: "provider_accessible",
  processors: ["business", "meta"],
};

export function aThreadRef(overrides: Partial<ThreadRef> = {}): ThreadRef {
  return {
    tenantId: "tn_a",
    businessId: "419561257915477",
    phoneNumberId: "106540352242922",
    customerId: "16505551234",
    customerWaId: "16505551234",
    ...overrides,
  };
}

export function anInboundText(
  messageId: string,
  overrides: Partial<InboundMessageReceived> = {},
): InboundMessageReceived {
  return {
    thread: aThreadRef(),
    messageId,
    type: "text",
    messageJson: JSON.stringify({ text: { body: "Does it come in another color?" } }),
    sentAtMs: 1_749_416_383_000,
    receivedAtMs: 1_749_416_384_000,
    hosting,
    contactJson: "",
    ...overrides,
  };
}

export function aStatusChanged(messageId: string, overrides: Partial<MessageStatusChanged> = {}): MessageStatusChanged {
  return {
    thread: aThreadRef(),
    messageId,
    status: "delivered",
    previousStatus: "sent",
    statusAtMs: 1_750_000_000_000,
    errorsJson: "",
    bizOpaqueCallbackData: "",
    ...overrides,
  };
}

export function aSystemAdded(messageId: string, overrides: Partial<SystemMessageAdded> = {}): SystemMessageAdded {
  return {
    thread: aThreadRef(),
    messageId,
    kind: "hosting_notice",
    text: "This business uses a secure service from Meta to manage this chat.",
    createdAtMs: 1_750_269_342_000,
    hosting,
    ...overrides,
  };
}
