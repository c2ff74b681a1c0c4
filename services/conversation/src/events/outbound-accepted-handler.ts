// Records an accepted send and enforces the 24-hour customer service window before anything
// leaves the platform: inside the window (or for a template) it publishes
// OutboundMessageReadyToSend; outside it stores the message as failed with Meta's 131047 and
// publishes that status change. The first decision is stored with the message and wins on every
// redelivery, so a replay never flips it even if a later inbound message has been stored since.
import { type EventBus, event, type ReceivedEvent } from "@switchboard/kit";
import { OutboundMessageReadyToSendEvent, threadKey } from "@switchboard/proto";
import type { OutboundMessageAccepted } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { hostingStateFrom } from "../domain/hosting-state.ts";
import { maySend, reengagementErrorsJson } from "../domain/service-window.ts";
import type { PrivacyHooks } from "../privacy/privacy-hooks.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { publishStatusChange } from "./publish-status-change.ts";
import { threadIdFor, threadOf } from "./thread-scope.ts";

export function readyEventId(messageId: string): string {
  return `ready:${messageId}`;
}

export function outboundAcceptedHandler(
  store: ConversationStore,
  bus: Pick<EventBus, "publish">,
  privacy?: Pick<PrivacyHooks, "outboundBlock">,
) {
  return async (event_: ReceivedEvent<OutboundMessageAccepted>): Promise<void> => {
    const { scope, ref } = threadOf(event_);
    const data = event_.data;
    const hosting = hostingStateFrom(data.hosting);
    const threadId = await threadIdFor(store, scope, ref);
    // Decided at the event's own time, not the consumer's clock, so a lagging consumer decides
    // what a prompt one would have.
    const lastInboundAtMs = (await store.getThread(scope, threadId))?.lastInboundAtMs ?? 0;
    const inWindow = maySend(data.type, lastInboundAtMs, data.acceptedAtMs);
    // A marketing template to an opted-out customer fails with 131050 (src/privacy).
    const blocked = inWindow ? await privacy?.outboundBlock(scope, threadId, data) : undefined;
    const allowed = inWindow && blocked === undefined;
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
        messageId: data.messageId,
        direction: "outbound",
        type: data.type,
        bodyJson: data.bodyJson,
        createdAtMs: data.acceptedAtMs,
        hosting,
        bizOpaqueCallbackData: data.bizOpaqueCallbackData,
        statusAtMs: data.acceptedAtMs,
        ...(allowed
          ? { status: "accepted" }
          : { status: "failed", previousStatus: "accepted", errorsJson: blocked ?? reengagementErrorsJson() }),
      },
    );
    // Re-read: on a redelivery the stored decision and outbox markers are what count.
    const stored = await store.getMessage(scope, data.messageId);
    if (!stored) throw new Error("outbound message vanished after it was recorded");
    if (stored.status === "failed" && stored.publishedStatus !== "failed") {
      await publishStatusChange(store, bus, ref, stored);
    } else if (stored.status !== "failed" && !stored.readyPublished) {
      await bus.publish([
        event(OutboundMessageReadyToSendEvent, {
          key: threadKey(ref),
          tenantId: ref.tenantId,
          // Deterministic: a crash before the marker below republishes with the same id, which
          // the sender uses to send upstream once.
          id: readyEventId(data.messageId),
          data: {
            thread: ref,
            messageId: data.messageId,
            type: data.type,
            bodyJson: data.bodyJson,
            bizOpaqueCallbackData: data.bizOpaqueCallbackData,
            hosting: data.hosting,
          },
        }),
      ]);
      await store.markReadyPublished(scope, data.messageId);
    }
  };
}
