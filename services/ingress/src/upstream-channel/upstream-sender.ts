// The upstream sender: consumes OutboundMessageReadyToSend (consumer group `ingress-upstream`),
// sends through the configured UpstreamChannel and publishes the outcome — `sent`, or `failed`
// with Meta's errors. Never a silent drop: an unexpected error propagates, so the kit retries and
// finally parks the event on the dead-letter topic.
//
// A message that left is recorded (UpstreamMessageIds) before `sent` is published, so a
// redelivered event is not sent again. The remaining window — a crash between the upstream's
// answer and that record — sends twice: delivery upstream is at-least-once. A business's
// MessageReadByBusiness (mark-read, typing indicator) is forwarded here too (read-forwarder.ts).
import { type EventBus, EventHandlers, type Logger, threadScope } from "@switchboard/kit";
import { MessageReadByBusinessEvent, OutboundMessageReadyToSendEvent } from "@switchboard/proto";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { statusEvent } from "./channel-events.ts";
import { forwardRead } from "./read-forwarder.ts";
import { statusErrorsJson, type UpstreamChannel } from "./upstream-channel.ts";

/** Default consumer group (UPSTREAM_CONSUMER_GROUP); each service role consumes once. */
export const UPSTREAM_SENDER_GROUP = "ingress-upstream";

export interface UpstreamSenderDeps {
  channel: UpstreamChannel;
  bus: EventBus;
  logger: Logger;
  /** Records what left (and Meta's id for it), so redeliveries are not re-sent and Meta's status
   * webhooks can be translated. */
  messageIds: UpstreamMessageIds;
  now?: () => number;
}

export function upstreamSenderHandlers(deps: UpstreamSenderDeps): EventHandlers {
  const now = deps.now ?? Date.now;
  return new EventHandlers()
    .on(MessageReadByBusinessEvent, (event) => forwardRead(deps, event))
    .on(OutboundMessageReadyToSendEvent, async (event) => {
      const { data } = event;
      const { thread } = threadScope(event, data.thread);
      const message = {
        thread,
        messageId: data.messageId,
        type: data.type,
        bodyJson: data.bodyJson,
        bizOpaqueCallbackData: data.bizOpaqueCallbackData,
        hosting: data.hosting,
      };
      const tenantId = thread.tenantId;
      if (await deps.messageIds.upstreamIdOf(tenantId, data.messageId)) {
        // Redelivered after it left: report `sent` again (same event id), never send twice.
        await deps.bus.publish([statusEvent(message, "sent", now())]);
        return;
      }
      const result = await deps.channel.send(message);
      if (result.ok) {
        await deps.messageIds.remember(tenantId, result.upstreamMessageId, data.messageId);
        await deps.bus.publish([statusEvent(message, "sent", now())]);
        result.followUp?.();
        return;
      }
      deps.logger.warn(
        { messageId: data.messageId, code: result.failure.code, httpStatus: result.failure.httpStatus },
        "upstream refused a message",
      );
      await deps.bus.publish([statusEvent(message, "failed", now(), statusErrorsJson(result.failure))]);
    });
}
