// Mongoose schemas of the hosting history and of fan-out progress. The unique index on
// (tenantId, threadId, changeId) is what makes a replayed fan-out store each entry once.
import { type Connection, Schema } from "mongoose";
import type { HostingHistoryRecord } from "./hosting-records.ts";
import type { FanOutProgress } from "./hosting-store.ts";

const hostingSchema = new Schema(
  {
    hostingMode: { type: String, required: true },
    encryptionState: { type: String, required: true },
    processors: { type: [String], required: true },
  },
  { _id: false },
);

const historySchema = new Schema<HostingHistoryRecord>(
  {
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

const progressSchema = new Schema<FanOutProgressRecord>(
  {
    tenantId: { type: String, required: true },
    changeId: { type: String, required: true },
    afterThreadId: { type: String, default: "" },
    done: { type: Boolean, default: false },
  },
  { versionKey: false },
);
progressSchema.index({ tenantId: 1, changeId: 1 }, { unique: true });

export function hostingModels(connection: Connection) {
  return {
    history: connection.model<HostingHistoryRecord>("HostingHistory", historySchema, "hosting_history"),
    progress: connection.model<FanOutProgressRecord>("HostingFanOut", progressSchema, "hosting_fanouts"),
  };
}
