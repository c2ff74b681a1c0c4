// Applies an upstream status report to an outbound message: forward moves only (see
// status-transition.ts), and one MessageStatusChanged event per effective change. A duplicate or
// out-of-order report changes and publishes nothing. A report for a message never stored throws,
// so it is retried and then parked on the dead-letter topic rather than silently dropped.
import type { EventBus, ReceivedEvent } from "@switchboard/kit";
import type { MessageStatusReceived } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { isReportedStatus } from "../domain/status-transition.ts";
import type { ConversationStore } from "../store/conversation-store.ts";
import { publishStatusChange } from "./publish-status-change.ts";
import { threadOf } from "./thread-scope.ts";

export function statusReceivedHandler(store: ConversationStore, bus: Pick<EventBus, "publish">) {
  return async (event: ReceivedEvent<MessageStatusReceived>): Promise<void> => {
    const { scope, ref } = threadOf(event);
    const { status } = event.data;
    // Meta's `deleted` and anything unknown has no place in the order: acknowledged, ignored.
    if (!isReportedStatus(status)) return;
    const outcome = await store.advanceStatus(scope, event.data.messageId, {
      status,
      statusAtMs: event.data.statusAtMs,
      errorsJson: event.data.errorsJson,
    });
    if (outcome.kind === "unknown") throw new Error(`status ${status} for an unknown outbound message`);
    if (outcome.kind === "pending") await publishStatusChange(store, bus, ref, outcome.message);
  };
}
