// The upstream sender: consumes OutboundMessageReadyToSend (consumer group `ingress-upstream`) in
// batches (send-ready-batch.ts), sends through the configured UpstreamChannel and publishes the
// outcome — `sent`, or `failed` with Meta's errors. Never a silent drop: an unexpected error
// propagates, so the kit retries and finally parks the event on the dead-letter topic.
//
// Upstream delivery is at most once. Before the call to Meta the sender records its intent
// (UpstreamMessageIds.recordSendIntents: one insert per batch); after Meta's answer, Meta's id. A
// redelivered event (a crash, a rebalance during a slow send, a shutdown mid-send, a failed write
// after the send) finds the intent: with Meta's id it reports `sent` again; without one it is
// never sent blindly a second time — while the first send may still be running elsewhere
// (SEND_LEASE_MS) it waits (a transient error, retried), after that it reports `failed` with code
// 131000 and details saying the outcome is unknown, so the business can check and resend
// knowingly. Writing Meta's ids after Meta accepted is retried until the store takes them. A
// business's MessageReadByBusiness (mark-read, typing indicator) is forwarded here too
// (read-forwarder.ts), one event at a time.
import { type EventBus, EventHandlers, type Logger, type ReceivedEvent } from "@switchboard/kit";
import { MessageReadByBusinessEvent, OutboundMessageReadyToSendEvent } from "@switchboard/proto";
import type { OutboundMessageReadyToSend } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { UpstreamMessageIds } from "../upstream-ids/upstream-message-ids.ts";
import { forwardRead } from "./read-forwarder.ts";
import { sendReadyBatch } from "./send-ready-batch.ts";
import type { UpstreamChannel } from "./upstream-channel.ts";

export { outcomeUnknown, SEND_LEASE_MS } from "./send-once-rules.ts";

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
  sleep?: (ms: number) => Promise<void>;
}

export function upstreamSenderHandlers(deps: UpstreamSenderDeps): EventHandlers {
  return new EventHandlers()
    .on(MessageReadByBusinessEvent, (event) => forwardRead(deps, event))
    .onBatch([OutboundMessageReadyToSendEvent], (events) =>
      sendReadyBatch(deps, events as readonly ReceivedEvent<OutboundMessageReadyToSend>[]),
    );
}
