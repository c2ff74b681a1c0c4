// Small factories for kit tests: the payload of an accepted outbound message, the event type most
// bus and dispatcher tests publish. Test support only: nothing in src/ may import it.
import type { OutboundMessageAccepted, ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";

export const testThread: ThreadRef = {
  tenantId: "t1",
  businessId: "b1",
  phoneNumberId: "p1",
  customerId: "c1",
  customerWaId: "1555",
};

export const acceptedMessage = (
  messageId: string,
  overrides: Partial<OutboundMessageAccepted> = {},
): OutboundMessageAccepted => ({
  thread: testThread,
  messageId,
  type: "text",
  bodyJson: "{}",
  contextMessageId: "",
  bizOpaqueCallbackData: "",
  acceptedAtMs: 1,
  hosting: undefined,
  ...overrides,
});
