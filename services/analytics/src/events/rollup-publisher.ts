// The RollupPublisher on the event bus: a batch's changed rollups as JSON records on the public
// stream (proto/src/message-volume-v1.ts), in one produce call, each keyed by its rollup key so
// one key's values stay in order on one partition. The event id is derived from the key, kind and
// values, so a re-published value is recognisably the same event.
import { createHash } from "node:crypto";
import { type EventBus, event } from "@switchboard/kit";
import { MESSAGE_VOLUME_V1_SCHEMA, type MessageVolumeV1, MessageVolumeV1Event } from "@switchboard/proto";
import type { RollupChange, RollupPublisher } from "../domain/count-batch.ts";
import { MINUTE_MS, rollupIdOf } from "../domain/rollup-key.ts";

export function busRollupPublisher(bus: Pick<EventBus, "publish">): RollupPublisher {
  return {
    async publish(changes) {
      await bus.publish(
        changes.map((change) => {
          const key = rollupIdOf(change.key);
          const data = messageVolumeOf(change);
          const digest = createHash("sha256")
            .update(JSON.stringify([data.kind, data.measures]))
            .digest("hex");
          return event(MessageVolumeV1Event, {
            key,
            tenantId: change.key.tenantId,
            id: `${key}/${digest.slice(0, 16)}`,
            data,
          });
        }),
      );
    },
  };
}

export function messageVolumeOf({ key, measures, kind }: RollupChange): MessageVolumeV1 {
  return {
    schema: MESSAGE_VOLUME_V1_SCHEMA,
    kind,
    tenant_id: key.tenantId,
    business_id: key.businessId,
    granularity: "minute",
    bucket_start: new Date(key.bucketStartMs).toISOString(),
    bucket_end: new Date(key.bucketStartMs + MINUTE_MS).toISOString(),
    bucket_start_ms: key.bucketStartMs,
    late: key.late,
    dimensions: {
      phone_number_id: key.phoneNumberId,
      direction: key.direction,
      message_type: key.messageType,
      pricing_category: key.pricingCategory,
      hosting_mode: key.hostingMode,
      encryption_state: key.encryptionState,
      country_calling_code: key.countryCode,
    },
    measures: Object.fromEntries(Object.entries(measures).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
