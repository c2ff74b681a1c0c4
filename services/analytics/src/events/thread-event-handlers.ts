// Counts every accepted outbound and received inbound message from the thread events. The tenant
// comes from the event envelope, which ingress set after authenticating; a payload naming another
// tenant than its envelope is rejected (dead-lettered), never counted.
import { EventHandlers, type ReceivedEvent, type TenantScope } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { countMessage, type RollupPublisher } from "../domain/count-message.ts";
import type { VolumeStore } from "../store/volume-store.ts";

function threadOf(event: ReceivedEvent<{ thread: ThreadRef | undefined }>): { scope: TenantScope; ref: ThreadRef } {
  const ref = event.data.thread;
  if (!ref) throw new Error("thread event without a thread");
  if (ref.tenantId !== event.tenantId) throw new Error("payload tenant differs from envelope tenant");
  return { scope: { tenantId: event.tenantId, businessId: ref.businessId }, ref };
}

export function threadEventHandlers(store: VolumeStore, publisher: RollupPublisher): EventHandlers {
  return new EventHandlers()
    .on(OutboundMessageAcceptedEvent, async (event) => {
      const { scope, ref } = threadOf(event);
      await countMessage(store, publisher, scope, {
        messageId: event.data.messageId,
        direction: "outbound",
        phoneNumberId: ref.phoneNumberId,
        atMs: event.data.acceptedAtMs,
      });
    })
    .on(InboundMessageReceivedEvent, async (event) => {
      const { scope, ref } = threadOf(event);
      await countMessage(store, publisher, scope, {
        messageId: event.data.messageId,
        direction: "inbound",
        phoneNumberId: ref.phoneNumberId,
        atMs: event.data.receivedAtMs,
      });
    });
}
