// The mongoose models of the tenancy collections and their indexes. Unique indexes carry the
// natural keys (business name within a tenant, display number within a business) so creating the
// same thing twice — a retried admin request — finds the first instead of adding a second.
import { type Connection, Schema } from "mongoose";
import type {
  BusinessAccountRecord,
  PhoneNumberRecord,
  SealedMetaCredentials,
  TenantRecord,
} from "./tenancy-records.ts";

const tenantSchema = new Schema<TenantRecord>(
  {
    tenantId: String,
    name: String,
    kind: { type: String, default: "enterprise" },
    createdAtMs: Number,
    suspendedAtMs: { type: Number, default: 0 },
  },
  { versionKey: false },
);
tenantSchema.index({ tenantId: 1 }, { unique: true });
tenantSchema.index({ createdAtMs: 1 });

const businessSchema = new Schema<BusinessAccountRecord>(
  {
    tenantId: String,
    businessId: String,
    name: String,
    createdAtMs: Number,
    suspendedAtMs: { type: Number, default: 0 },
  },
  { versionKey: false },
);
businessSchema.index({ businessId: 1 }, { unique: true });
businessSchema.index({ tenantId: 1, name: 1 }, { unique: true });

const phoneNumberSchema = new Schema<PhoneNumberRecord>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    displayPhoneNumber: { type: String, required: true },
    hostingMode: { type: String, required: true },
    processors: { type: [String], required: true },
    catalogId: { type: String, default: "" },
    throughputMps: { type: Number, default: 80, min: 1, max: 1000 },
    pendingHostingChange: { type: Schema.Types.Mixed, required: false },
    /** The change that produced the current hosting ("" before the first one). */
    lastHostingChangeId: { type: String, default: "" },
  },
  { versionKey: false },
);
phoneNumberSchema.index({ phoneNumberId: 1 }, { unique: true });
phoneNumberSchema.index({ tenantId: 1, businessId: 1, displayPhoneNumber: 1 }, { unique: true });

export interface TokenDocument {
  tokenId: string;
  tokenHash: string;
  tenantId: string;
  businessId: string;
  createdAtMs: number;
  revokedAtMs: number;
  /** 0: never expires. */
  expiresAtMs: number;
}

const tokenSchema = new Schema<TokenDocument>(
  {
    tokenId: String,
    tokenHash: String,
    tenantId: String,
    businessId: String,
    createdAtMs: Number,
    revokedAtMs: Number,
    expiresAtMs: { type: Number, default: 0 },
  },
  { versionKey: false },
);
tokenSchema.index({ tokenHash: 1 }, { unique: true });
tokenSchema.index({ tenantId: 1, businessId: 1 });

/**
 * One document per (number, state it changes from): a unique `_id` insert decides which of two
 * concurrent hosting changes wins. FerretDB v1's conditional updates are not atomic under
 * concurrency, so the conditional update alone let two changes claim the same starting state.
 */
const hostingClaimSchema = new Schema<{ _id: string; changeId: string; atMs: number }>(
  { _id: { type: String }, changeId: { type: String, required: true }, atMs: { type: Number, required: true } },
  { versionKey: false },
);

/**
 * A business account's sealed Meta credentials, apart from the account so no listing of accounts
 * can carry them: one document per business, `_id` = the business (WABA) id, the only key it is
 * read by (sends and webhooks read it; FerretDB v1 serves `_id` from its index).
 */
const metaCredentialsSchema = new Schema<SealedMetaCredentials & { _id: string }>(
  {
    _id: { type: String },
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    sealedSystemUserToken: { type: String, required: true },
    sealedAppSecret: { type: String, required: true },
    graphApiVersion: { type: String, required: true },
    updatedAtMs: { type: Number, required: true },
  },
  { versionKey: false },
);

export async function tenancyModels(connection: Connection) {
  const models = {
    hostingClaims: connection.model("HostingChangeClaim", hostingClaimSchema, "hosting_change_claims"),
    tenants: connection.model<TenantRecord>("Tenant", tenantSchema, "tenants"),
    businesses: connection.model<BusinessAccountRecord>("BusinessAccount", businessSchema, "business_accounts"),
    phoneNumbers: connection.model<PhoneNumberRecord>("PhoneNumber", phoneNumberSchema, "phone_numbers"),
    tokens: connection.model<TokenDocument>("AccessToken", tokenSchema, "access_tokens"),
    metaCredentials: connection.model("MetaCredentials", metaCredentialsSchema, "meta_credentials"),
  };
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return models;
}

export type TenancyModels = Awaited<ReturnType<typeof tenancyModels>>;
