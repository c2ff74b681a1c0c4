// Turns thread events from Kafka into stored threads and messages. The tenant comes from the
// event envelope, which ingress set after authenticating; a payload naming another tenant than
// its envelope is rejected (dead-lettered), never stored.
import { EventHandlers, type ReceivedEvent, type TenantScope } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import { threadIdOf } from "../domain/thread-id.ts";
import type { ConversationStore } from "../store/conversation-store.ts";

function threadOf(event: ReceivedEvent<{ thread: ThreadRef | undefined }>): { scope: TenantScope; ref: ThreadRef } {
  const ref = event.data.thread;
  if (!ref) throw new Error("thread event without a thread");
  if (ref.tenantId !== event.tenantId) throw new Error("payload tenant differs from envelope tenant");
  return { scope: { tenantId: event.tenantId, businessId: ref.businessId }, ref };
}

export function threadEventHandlers(store: ConversationStore): EventHandlers {
  return new EventHandlers()
    .on(OutboundMessageAcceptedEvent, async (event) => {
      const { scope, ref } = threadOf(event);
      const hosting = hostingStateFrom(event.data.hosting);
      const threadId = threadIdOf(ref.tenantId, ref.phoneNumberId, ref.customerId);
      await store.recordMessage(
        scope,
        {
          businessId: ref.businessId,
          threadId,
          phoneNumberId: ref.phoneNumberId,
          customerId: ref.customerId,
          customerWaId: ref.customerWaId,
          hosting,
        },
        {
          threadId,
          messageId: event.data.messageId,
          direction: "outbound",
          type: event.data.type,
          status: "accepted",
          bodyJson: event.data.bodyJson,
          createdAtMs: event.data.acceptedAtMs,
          hosting,
        },
      );
    })
    .on(InboundMessageReceivedEvent, async (event) => {
      const { scope, ref } = threadOf(event);
      const hosting = hostingStateFrom(event.data.hosting);
      const threadId = threadIdOf(ref.tenantId, ref.phoneNumberId, ref.customerId);
      await store.recordMessage(
        scope,
        {
          businessId: ref.businessId,
          threadId,
          phoneNumberId: ref.phoneNumberId,
          customerId: ref.customerId,
          customerWaId: ref.customerWaId,
          hosting,
        },
        {
          threadId,
          messageId: event.data.messageId,
          direction: "inbound",
          type: event.data.type,
          status: "",
          bodyJson: event.data.messageJson,
          createdAtMs: event.data.receivedAtMs,
          hosting,
        },
      );
    });
}
