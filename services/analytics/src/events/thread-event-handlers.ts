// Counts every accepted outbound and received inbound message from the thread events, a consumed
// batch at a time (domain/count-batch.ts). The tenant comes from the event envelope, which ingress
// set after authenticating; a payload naming another tenant than its envelope is rejected
// (dead-lettered), never counted. Validation must stay deterministic and come before any write:
// the exactness argument in domain/count-plan.ts relies on a rejected event never being recorded.
import { type BatchHandler, type BatchRejection, EventHandlers, isEventOf, type ReceivedEvent } from "@switchboard/kit";
import { InboundMessageReceivedEvent, OutboundMessageAcceptedEvent } from "@switchboard/proto";
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { type CountBatchDeps, countBatch } from "../domain/count-batch.ts";
import type { CountedEvent } from "../domain/counted-event.ts";
import { bucketStartOf, type Direction } from "../domain/volume.ts";

export const COUNTED_EVENTS = [InboundMessageReceivedEvent, OutboundMessageAcceptedEvent];

export function threadEventHandlers(deps: CountBatchDeps): EventHandlers {
  return new EventHandlers().onBatch(COUNTED_EVENTS, volumeBatchHandler(deps));
}

export function volumeBatchHandler(deps: CountBatchDeps): BatchHandler {
  return async (events) => {
    const rejected: BatchRejection[] = [];
    const valid: { event: ReceivedEvent<unknown>; counted: CountedEvent }[] = [];
    for (const event of events) {
      try {
        valid.push({ event, counted: countedOf(event) });
      } catch (error) {
        rejected.push({ event, error });
      }
    }
    const { unresolved } = await countBatch(
      deps,
      valid.map((v) => v.counted),
    );
    for (const index of unresolved) {
      const item = valid[index];
      if (item) rejected.push({ event: item.event, error: new Error("stored record of a repeated message not found") });
    }
    return rejected;
  };
}

function countedOf(event: ReceivedEvent<unknown>): CountedEvent {
  if (isEventOf(OutboundMessageAcceptedEvent, event)) {
    return fromThread(event, "outbound", event.data.messageId, event.data.acceptedAtMs);
  }
  if (isEventOf(InboundMessageReceivedEvent, event)) {
    return fromThread(event, "inbound", event.data.messageId, event.data.receivedAtMs);
  }
  throw new Error(`not a counted event type: ${event.type}`);
}

function fromThread(
  event: ReceivedEvent<{ thread: ThreadRef | undefined }>,
  direction: Direction,
  messageId: string,
  atMs: number,
): CountedEvent {
  const ref = event.data.thread;
  if (!ref) throw new Error("thread event without a thread");
  if (ref.tenantId !== event.tenantId) throw new Error("payload tenant differs from envelope tenant");
  return {
    tenantId: event.tenantId,
    businessId: ref.businessId,
    direction,
    messageId,
    phoneNumberId: ref.phoneNumberId,
    bucketStartMs: bucketStartOf(atMs),
    delivery: { topic: event.topic, partition: event.partition, offset: event.offset },
  };
}
