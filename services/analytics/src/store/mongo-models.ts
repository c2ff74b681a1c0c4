// Mongoose schemas of the volume store. The unique index on volume_events (tenantId, direction,
// messageId) is what makes counting exact: a redelivered message collides instead of counting
// twice. The unique index on volume_rollups keeps one rollup per bucket.
import { type Connection, Schema } from "mongoose";
import type { Direction } from "../domain/volume.ts";

export interface VolumeEventDoc {
  tenantId: string;
  businessId: string;
  messageId: string;
  direction: Direction;
  phoneNumberId: string;
  bucketStartMs: number;
}

export interface VolumeRollupDoc {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  direction: Direction;
  bucketStartMs: number;
  count: number;
}

const eventSchema = new Schema<VolumeEventDoc>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    messageId: { type: String, required: true },
    direction: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    bucketStartMs: { type: Number, required: true },
  },
  { versionKey: false },
);
eventSchema.index({ tenantId: 1, direction: 1, messageId: 1 }, { unique: true });
// Serves the exact recount of one bucket.
eventSchema.index({ tenantId: 1, phoneNumberId: 1, direction: 1, bucketStartMs: 1 });

const rollupSchema = new Schema<VolumeRollupDoc>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    phoneNumberId: { type: String, required: true },
    direction: { type: String, required: true },
    bucketStartMs: { type: Number, required: true },
    count: { type: Number, required: true },
  },
  { versionKey: false },
);
rollupSchema.index({ tenantId: 1, phoneNumberId: 1, direction: 1, bucketStartMs: 1 }, { unique: true });
// Serves range reads across every phone number of a tenant.
rollupSchema.index({ tenantId: 1, bucketStartMs: 1 });

export function volumeModels(connection: Connection) {
  return {
    events: connection.model<VolumeEventDoc>("VolumeEvent", eventSchema, "volume_events"),
    rollups: connection.model<VolumeRollupDoc>("VolumeRollup", rollupSchema, "volume_rollups"),
  };
}
