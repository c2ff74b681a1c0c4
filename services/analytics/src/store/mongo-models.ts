// Mongoose schemas of the volume store. Both collections use deterministic string `_id`s (see
// domain/counted-event.ts and domain/rollup-parts.ts), because `_id` is the only key FerretDB v1
// serves from an index: a second copy of a message collides on `_id`, and a batch reads and
// writes rollup parts by `_id` only. New collection names: the earlier per-message design's
// `volume_events` / `volume_rollups` had ObjectId ids and a one-document-per-bucket unique index
// that per-partition parts would violate; they are no longer read or written.
import { type Connection, type Model, Schema } from "mongoose";
import type { Direction } from "../domain/volume.ts";

export interface CountedEventDoc {
  _id: string;
  tenantId: string;
  businessId: string;
  messageId: string;
  direction: Direction;
  phoneNumberId: string;
  bucketStartMs: number;
  topic: string;
  partition: number;
  offset: string;
}

export interface RollupPartDoc {
  _id: string;
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  direction: Direction;
  bucketStartMs: number;
  topic: string;
  partition: number;
  count: number;
  /** A number, so `$max` compares numerically; Kafka offsets stay far below 2^53 in practice (checked on write). */
  appliedOffset: number;
}

const eventSchema = new Schema<CountedEventDoc>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    messageId: { type: String, required: true },
    direction: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    bucketStartMs: { type: Number, required: true },
    topic: { type: String, required: true },
    partition: { type: Number, required: true },
    offset: { type: String, required: true },
  },
  { versionKey: false },
);

const partSchema = new Schema<RollupPartDoc>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    phoneNumberId: { type: String, required: true },
    direction: { type: String, required: true },
    bucketStartMs: { type: Number, required: true },
    topic: { type: String, required: true },
    partition: { type: Number, required: true },
    count: { type: Number, required: true },
    appliedOffset: { type: Number, required: true },
  },
  { versionKey: false },
);
// Serves range reads across every phone number of a tenant (on MongoDB; FerretDB v1 scans).
partSchema.index({ tenantId: 1, bucketStartMs: 1 });

/** The models on `connection`, defined on first use (a second store on one connection reuses them). */
export function volumeModels(connection: Connection) {
  const model = <T>(name: string, schema: Schema<T>, collection: string) =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, collection);
  return {
    events: model<CountedEventDoc>("CountedEvent", eventSchema, "counted_events"),
    parts: model<RollupPartDoc>("RollupPart", partSchema, "volume_rollup_parts"),
  };
}
