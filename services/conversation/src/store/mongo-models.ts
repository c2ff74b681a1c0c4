// Mongoose schemas of the conversation store. Unique indexes make redelivered events collide
// instead of duplicating: (tenantId, threadId) for threads, (tenantId, messageId) for messages.
import { type Connection, Schema } from "mongoose";
import type { MessageRecord, ThreadRecord } from "../domain/records.ts";
import { hostingSchema, type Keyed } from "./mongo-shared-schemas.ts";

const threadSchema = new Schema<Keyed<ThreadRecord>>(
  {
    // Deterministic key (store/document-ids.ts): point operations filter on it.
    _id: { type: String },
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    threadId: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    customerId: { type: String, required: true },
    customerWaId: { type: String, required: true },
    hosting: { type: hostingSchema, required: true },
    createdAtMs: { type: Number, required: true },
    updatedAtMs: { type: Number, required: true },
    lastInboundAtMs: { type: Number, required: true },
    mergedIntoThreadId: { type: String },
    // When the customer identity last changed: the newest change wins, in any arrival order.
    customerChangedAtMs: { type: Number },
  },
  { versionKey: false },
);
threadSchema.index({ tenantId: 1, threadId: 1 }, { unique: true });
threadSchema.index({ tenantId: 1, phoneNumberId: 1, threadId: 1 });

const messageSchema = new Schema<Keyed<MessageRecord>>(
  {
    // Deterministic key (store/document-ids.ts): point operations filter on it.
    _id: { type: String },
    tenantId: { type: String, required: true },
    threadId: { type: String, required: true },
    messageId: { type: String, required: true },
    direction: { type: String, required: true },
    type: { type: String, required: true },
    status: { type: String, default: "" },
    bodyJson: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
    hosting: { type: hostingSchema, required: true },
    errorsJson: { type: String },
    statusAtMs: { type: Number },
    previousStatus: { type: String },
    bizOpaqueCallbackData: { type: String },
    referredProduct: { type: new Schema({ catalogId: String, productRetailerId: String }, { _id: false }) },
    publishedStatus: { type: String },
    readyPublished: { type: Boolean },
  },
  { versionKey: false },
);
messageSchema.index({ tenantId: 1, messageId: 1 }, { unique: true });
messageSchema.index({ tenantId: 1, threadId: 1, createdAtMs: 1, messageId: 1 });

/** A thread id derived from a customer's new identity, pointing at the thread that kept its id. */
export interface ThreadAliasRecord {
  tenantId: string;
  aliasThreadId: string;
  threadId: string;
  createdAtMs: number;
}

const threadAliasSchema = new Schema<Keyed<ThreadAliasRecord>>(
  {
    // Deterministic key (store/document-ids.ts): point operations filter on it.
    _id: { type: String },
    tenantId: { type: String, required: true },
    aliasThreadId: { type: String, required: true },
    threadId: { type: String, required: true },
    createdAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);
threadAliasSchema.index({ tenantId: 1, aliasThreadId: 1 }, { unique: true });
threadAliasSchema.index({ tenantId: 1, threadId: 1 });

export function conversationModels(connection: Connection) {
  return {
    threads: connection.model<Keyed<ThreadRecord>>("Thread", threadSchema, "threads"),
    messages: connection.model<Keyed<MessageRecord>>("Message", messageSchema, "messages"),
    threadAliases: connection.model<Keyed<ThreadAliasRecord>>("ThreadAlias", threadAliasSchema, "thread_aliases"),
  };
}
