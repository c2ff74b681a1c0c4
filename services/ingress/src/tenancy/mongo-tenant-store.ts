// MongoDB adapter of the TenantStore. Creating a tenant writes several documents without a
// transaction (FerretDB v1 has none): the token is written last, so a half-created tenant has no
// usable token and is harmless; ids are fresh, so a retry simply creates a new tenant.
import { traceDb } from "@switchboard/kit";
import type { Connection } from "mongoose";
import { mongoTenancyAdmin } from "./mongo-tenancy-admin.ts";
import { tenancyModels } from "./tenancy-models.ts";
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";
import type { TenantStore } from "./tenant-store.ts";

export async function createMongoTenantStore(connection: Connection): Promise<TenantStore> {
  const models = await tenancyModels(connection);
  const { tenants, businesses, phoneNumbers, tokens } = models;

  return {
    ...mongoTenancyAdmin(models),

    async createTenant(tenant) {
      const now = Date.now();
      await traceDb("tenants", "insert", () =>
        tenants.create({ tenantId: tenant.tenantId, name: tenant.name, kind: tenant.kind, createdAtMs: now }),
      );
      await traceDb("business_accounts", "insert", () =>
        businesses.create({
          tenantId: tenant.tenantId,
          businessId: tenant.businessId,
          name: tenant.name,
          createdAtMs: now,
        }),
      );
      await traceDb("phone_numbers", "insert", () =>
        phoneNumbers.insertMany(
          tenant.phoneNumbers.map((n) => ({ ...n, tenantId: tenant.tenantId, businessId: tenant.businessId })),
        ),
      );
      await traceDb("access_tokens", "insert", () =>
        tokens.create({
          tokenId: tenant.tokenId,
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

    async phoneNumberForUpstream(phoneNumberId: string) {
      // Deliberately without a tenant filter: Meta's webhook names only the number; the unique
      // index on phoneNumberId makes the answer unambiguous.
      const found = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers.findOne({ phoneNumberId }, { _id: 0 }).lean<PhoneNumberRecord>(),
      );
      return found ?? undefined;
    },

    async businessForUpstream(businessId: string) {
      const found = await traceDb("business_accounts", "findOne", () =>
        businesses.findOne({ businessId }, { _id: 0 }).lean<{ tenantId: string; businessId: string }>(),
      );
      return found ? { tenantId: found.tenantId, businessId: found.businessId } : undefined;
    },
  };
}
