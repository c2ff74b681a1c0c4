// Counts message and status events from the thread topic and order events from catalog's order
// topic (one consumer group, batches of one topic-partition), a consumed batch at a time (domain/count-batch.ts). Events that fail validation are rejected before
// anything is written (events/observation-of.ts); duplicates whose stored record cannot be read
// are rejected too, never counted at a guess.
import { type BatchHandler, type BatchRejection, EventHandlers, type ReceivedEvent } from "@switchboard/kit";
import { type CountBatchDeps, countBatch } from "../domain/count-batch.ts";
import type { Observation } from "../domain/observation.ts";
import { COUNTED_EVENTS, observationOf } from "./observation-of.ts";

export function threadEventHandlers(deps: CountBatchDeps): EventHandlers {
  return new EventHandlers().onBatch(COUNTED_EVENTS, volumeBatchHandler(deps));
}

export function volumeBatchHandler(deps: CountBatchDeps): BatchHandler {
  return async (events, context) => {
    const rejected: BatchRejection[] = [];
    const valid: { event: ReceivedEvent<unknown>; observation: Observation }[] = [];
    for (const event of events) {
      try {
        const observation = observationOf(event);
        if (observation) valid.push({ event, observation });
      } catch (error) {
        rejected.push({ event, error });
      }
    }
    const { unresolved } = await countBatch(
      deps,
      valid.map((v) => v.observation),
      context?.fence,
    );
    for (const index of unresolved) {
      const item = valid[index];
      if (item) rejected.push({ event: item.event, error: new Error("stored record of a repeated fact not found") });
    }
    return rejected;
  };
}
