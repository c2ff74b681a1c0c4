// Mongoose schemas of the hosting history and of fan-out progress. The unique index on
// (tenantId, threadId, changeId) is what makes a replayed fan-out store each entry once.
import { type Connection, Schema } from "mongoose";
import { hostingSchema, type Keyed } from "../store/mongo-shared-schemas.ts";
import type { HostingHistoryRecord } from "./hosting-records.ts";
import type { FanOutProgress } from "./hosting-store.ts";
import type { NumberHosting } from "./number-hosting.ts";

const historySchema = new Schema<Keyed<HostingHistoryRecord>>(
  {
    // Deterministic key (store/document-ids.ts): point operations filter on it.
    _id: { type: String },
    tenantId: { type: String, required: true },
    threadId: { type: String, required: true },
    changeId: { type: String, required: true },
    from: { type: hostingSchema, required: false },
    to: { type: hostingSchema, required: true },
    atMs: { type: Number, required: true },
    reason: { type: String, default: "" },
    changedBy: { type: String, default: "" },
    noticeMessageId: { type: String, required: true },
  },
  { versionKey: false },
);
historySchema.index({ tenantId: 1, threadId: 1, changeId: 1 }, { unique: true });
historySchema.index({ tenantId: 1, threadId: 1, atMs: 1 });

export interface FanOutProgressRecord extends FanOutProgress {
  tenantId: string;
  changeId: string;
}

const progressSchema = new Schema<Keyed<FanOutProgressRecord>>(
  {
    // Deterministic key (store/document-ids.ts): point operations filter on it.
    _id: { type: String },
    tenantId: { type: String, required: true },
    changeId: { type: String, required: true },
    afterThreadId: { type: String, default: "" },
    done: { type: Boolean, default: false },
  },
  { versionKey: false },
);
progressSchema.index({ tenantId: 1, changeId: 1 }, { unique: true });

const numberHostingSchema = new Schema<Keyed<NumberHosting & { tenantId: string }>>(
  {
    // `tenant|phone number id`: one document per number, read and written by `_id` only.
    _id: { type: String },
    tenantId: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    hosting: { type: hostingSchema, required: true },
    atMs: { type: Number, required: true },
    changeId: { type: String, required: true },
  },
  { versionKey: false },
);

export function hostingModels(connection: Connection) {
  return {
    numberHosting: connection.model<Keyed<NumberHosting & { tenantId: string }>>(
      "NumberHosting",
      numberHostingSchema,
      "number_hosting",
    ),
    history: connection.model<Keyed<HostingHistoryRecord>>("HostingHistory", historySchema, "hosting_history"),
    progress: connection.model<Keyed<FanOutProgressRecord>>("HostingFanOut", progressSchema, "hosting_fanouts"),
  };
}
