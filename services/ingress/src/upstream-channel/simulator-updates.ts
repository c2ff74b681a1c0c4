// Publishes what the simulator's customers do (later statuses, replies) as platform events. The
// simulator calls back from timers, so a failed publish cannot propagate to a caller: it is
// logged as an error (the Kafka producer itself retries without limit before failing).
import type { EventBus, Logger } from "@switchboard/kit";
import { replyEvent, statusEvent } from "./channel-events.ts";
import type { SimulatorUpdate } from "./simulator/simulator-channel.ts";
import { statusErrorsJson } from "./upstream-channel.ts";

export function publishSimulatorUpdates(bus: EventBus, logger: Logger): (update: SimulatorUpdate) => void {
  return (update) => {
    const outgoing =
      update.kind === "reply"
        ? replyEvent(update.message, update.replyId, update.reply, update.atMs)
        : statusEvent(
            update.message,
            update.status,
            update.atMs,
            update.status === "failed" ? statusErrorsJson(update.failure) : "",
          );
    bus.publish([outgoing]).catch((error: unknown) => {
      logger.error({ err: error, messageId: update.message.messageId, kind: update.kind }, "simulator update lost");
    });
  };
}
