// The RollupPublisher on the event bus: a batch's rollups as MessageVolumeRolledUp events on the
// public stream, in one produce call, each keyed by its bucket so one bucket's updates stay on one
// partition. The event id is derived from the bucket and count, so a re-published value is
// recognisably the same event. Counts are absolute and only rise: a reader keeps the highest per
// key (two partitions' consumers may publish one bucket's values in either order).
import { type EventBus, event } from "@switchboard/kit";
import { MessageVolumeRolledUpEvent } from "@switchboard/proto";
import type { RollupPublisher } from "../domain/count-batch.ts";
import { rollupKeyOf } from "../domain/volume.ts";

export function busRollupPublisher(bus: Pick<EventBus, "publish">): RollupPublisher {
  return {
    async publish(rollups) {
      await bus.publish(
        rollups.map((rollup) => {
          const key = rollupKeyOf(rollup.tenantId, rollup);
          return event(MessageVolumeRolledUpEvent, {
            key,
            tenantId: rollup.tenantId,
            id: `${key}/${rollup.count}`,
            data: rollup,
          });
        }),
      );
    },
  };
}
