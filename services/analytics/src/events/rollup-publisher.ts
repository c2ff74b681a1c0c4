// The RollupPublisher on the event bus: each rollup as a MessageVolumeRolledUp event on the public
// stream, keyed by its bucket so one bucket's updates stay in order. The event id is derived from
// the bucket and count, so a re-published value is recognisably the same event.
import { type EventBus, event } from "@switchboard/kit";
import { MessageVolumeRolledUpEvent } from "@switchboard/proto";
import type { RollupPublisher } from "../domain/count-message.ts";
import { rollupKeyOf } from "../domain/volume.ts";

export function busRollupPublisher(bus: EventBus): RollupPublisher {
  return {
    async publish(tenantId, rollup) {
      const key = rollupKeyOf(tenantId, rollup);
      await bus.publish([
        event(MessageVolumeRolledUpEvent, {
          key,
          tenantId,
          id: `${key}/${rollup.count}`,
          data: { tenantId, ...rollup },
        }),
      ]);
    },
  };
}
