// MongoDB adapter of the TenantStore. Creating a tenant writes several documents without a
// transaction (FerretDB v1 has none): the token is written last, so a half-created tenant has no
// usable token and is harmless; ids are fresh, so a retry simply creates a new tenant.
import { traceDb } from "@switchboard/kit";
import { type Connection, Schema } from "mongoose";
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";
import type { TenantStore } from "./tenant-store.ts";

const tenantSchema = new Schema({ tenantId: String, name: String, createdAtMs: Number }, { versionKey: false });
tenantSchema.index({ tenantId: 1 }, { unique: true });

const phoneNumberSchema = new Schema<PhoneNumberRecord>(
  {
    tenantId: { type: String, required: true },
    businessId: { type: String, required: true },
    phoneNumberId: { type: String, required: true },
    displayPhoneNumber: { type: String, required: true },
    hostingMode: { type: String, required: true },
    processors: { type: [String], required: true },
    catalogId: { type: String, default: "" },
  },
  { versionKey: false },
);
phoneNumberSchema.index({ phoneNumberId: 1 }, { unique: true });
phoneNumberSchema.index({ tenantId: 1, businessId: 1 });

const tokenSchema = new Schema(
  { tokenHash: String, tenantId: String, businessId: String, createdAtMs: Number, revokedAtMs: Number },
  { versionKey: false },
);
tokenSchema.index({ tokenHash: 1 }, { unique: true });

export async function createMongoTenantStore(connection: Connection): Promise<TenantStore> {
  const tenants = connection.model("Tenant", tenantSchema, "tenants");
  const phoneNumbers = connection.model<PhoneNumberRecord>("PhoneNumber", phoneNumberSchema, "phone_numbers");
  const tokens = connection.model("AccessToken", tokenSchema, "access_tokens");
  await Promise.all([tenants.createIndexes(), phoneNumbers.createIndexes(), tokens.createIndexes()]);

  return {
    async createTenant(tenant) {
      const now = Date.now();
      await traceDb("tenants", "insert", () =>
        tenants.create({ tenantId: tenant.tenantId, name: tenant.name, createdAtMs: now }),
      );
      await traceDb("phone_numbers", "insert", () =>
        phoneNumbers.insertMany(
          tenant.phoneNumbers.map((n) => ({ ...n, tenantId: tenant.tenantId, businessId: tenant.businessId })),
        ),
      );
      await traceDb("access_tokens", "insert", () =>
        tokens.create({
          tokenHash: tenant.tokenHash,
          tenantId: tenant.tenantId,
          businessId: tenant.businessId,
          createdAtMs: now,
          revokedAtMs: 0,
        }),
      );
    },

    async callerForToken(tokenHash) {
      const found = await traceDb("access_tokens", "findOne", () =>
        tokens.findOne({ tokenHash, revokedAtMs: 0 }).lean<{ tenantId: string; businessId: string }>(),
      );
      return found ? { tenantId: found.tenantId, businessId: found.businessId } : undefined;
    },

    async phoneNumber(caller: Caller, phoneNumberId: string) {
      const found = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers
          .findOne({ tenantId: caller.tenantId, businessId: caller.businessId, phoneNumberId }, { _id: 0 })
          .lean<PhoneNumberRecord>(),
      );
      return found ?? undefined;
    },
  };
}
