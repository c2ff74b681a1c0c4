// Mongoose schemas of the privacy collections and their deterministic `_id`s: point reads and
// writes filter on `_id` alone, the only filter FerretDB v1 serves without a collection scan
// (see store/document-ids.ts). Tenant ids never contain "|", so keys cannot collide across tenants.
import { type Connection, Schema } from "mongoose";
import type { Keyed } from "../store/mongo-shared-schemas.ts";
import type {
  MarketingPreferenceRecord,
  RetentionRunRecord,
  TenantPolicyRecord,
  TombstoneRecord,
} from "./privacy-records.ts";

export const preferenceDocId = (tenantId: string, threadId: string) => `${tenantId}|marketing|${threadId}`;
export const policyDocId = (tenantId: string) => `${tenantId}|policy`;
export const tombstoneDocId = (tenantId: string, threadId: string) => `${tenantId}|erasure|${threadId}`;
export const retentionRunDocId = (tenantId: string) => `${tenantId}|retention`;

const options = { versionKey: false } as const;

const preferenceSchema = new Schema<Keyed<MarketingPreferenceRecord>>(
  {
    _id: { type: String },
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    threadId: { type: String, required: true },
    optedOut: { type: Boolean, required: true },
    changedAtMs: { type: Number, required: true },
    source: { type: String, required: true },
  },
  options,
);

const policySchema = new Schema<Keyed<TenantPolicyRecord>>(
  {
    _id: { type: String },
    tenantId: { type: String, required: true },
    retentionDays: { type: Number, default: 0 },
    marketingTemplates: { type: [String], default: [] },
  },
  options,
);

const tombstoneSchema = new Schema<Keyed<TombstoneRecord>>(
  {
    _id: { type: String },
    tenantId: { type: String, required: true },
    businessId: { type: String, default: "" },
    threadId: { type: String, required: true },
    threadIds: { type: [String], required: true },
    requestedBy: { type: String, required: true },
    requestedAtMs: { type: Number, required: true },
    completedAtMs: { type: Number, required: true },
    messagesErased: { type: Number, required: true },
    published: { type: Boolean, required: true },
  },
  options,
);

const retentionRunSchema = new Schema<Keyed<RetentionRunRecord>>(
  {
    _id: { type: String },
    tenantId: { type: String, required: true },
    lastRunAtMs: { type: Number, required: true },
    lastDeleted: { type: Number, required: true },
    totalDeleted: { type: Number, default: 0 },
  },
  options,
);

export function privacyModels(connection: Connection) {
  return {
    preferences: connection.model("MarketingPreference", preferenceSchema, "marketing_preferences"),
    policies: connection.model("TenantPrivacyPolicy", policySchema, "tenant_privacy_policies"),
    tombstones: connection.model("ErasureTombstone", tombstoneSchema, "erasure_tombstones"),
    retentionRuns: connection.model("RetentionRun", retentionRunSchema, "retention_runs"),
  };
}
