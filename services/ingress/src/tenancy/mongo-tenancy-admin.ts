// The MongoDB adapter of TenancyAdmin: what the admin API reads and writes. Apart from creating a
// tenant (mongo-create-tenant.ts), every write is one document (FerretDB v1 has no transactions)
// and safe to repeat: creates are upserts on a natural key, revocation and hosting changes are
// conditional updates. Methods below the tenant level put the tenant and business in every filter.
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { mongoCreateTenant } from "./mongo-create-tenant.ts";
import { IdAlreadyRegisteredError, type TenancyAdmin } from "./tenancy-admin.ts";
import type { TenancyModels } from "./tenancy-models.ts";
import type { AccessTokenSummary, BusinessAccountRecord, PhoneNumberRecord, TenantRecord } from "./tenancy-records.ts";

const NO_ID = { _id: 0 } as const;

/** An upsert racing another on the same unique key loses with E11000; the winner's row is the answer. */
async function upsertOnce<T>(upsert: () => Promise<T | null>, read: () => Promise<T | null>): Promise<T> {
  const found = await upsert().catch(async (error: unknown) => {
    if (isDuplicateKeyError(error)) return read();
    throw error;
  });
  // The unique key that refused it is another one than the natural key read: an id held elsewhere.
  if (!found) throw new IdAlreadyRegisteredError("an id of this write is registered elsewhere");
  return found;
}

export function mongoTenancyAdmin(models: TenancyModels): TenancyAdmin {
  const { tenants, businesses, phoneNumbers, tokens, hostingClaims, metaCredentials } = models;
  return {
    createTenant: mongoCreateTenant(models),

    listTenants: (limit) =>
      traceDb("tenants", "find", () =>
        tenants.find({}, NO_ID).sort({ createdAtMs: 1 }).limit(limit).lean<TenantRecord[]>(),
      ),

    async tenant(tenantId) {
      const found = await traceDb("tenants", "findOne", () =>
        tenants.findOne({ tenantId }, NO_ID).lean<TenantRecord>(),
      );
      return found ?? undefined;
    },

    async upsertBusinessAccount(tenantId, businessId, name) {
      const key = { tenantId, name };
      const stored = await traceDb("business_accounts", "upsert", () =>
        upsertOnce(
          () =>
            businesses
              .findOneAndUpdate(
                key,
                { $setOnInsert: { ...key, businessId, createdAtMs: Date.now() } },
                { upsert: true, returnDocument: "after" },
              )
              .lean<BusinessAccountRecord & { _id?: unknown }>(),
          () => businesses.findOne(key).lean<BusinessAccountRecord & { _id?: unknown }>(),
        ),
      );
      const { _id, ...record } = stored;
      return record;
    },

    listBusinessAccounts: (tenantId, limit) =>
      traceDb("business_accounts", "find", () =>
        businesses.find({ tenantId }, NO_ID).sort({ createdAtMs: 1 }).limit(limit).lean<BusinessAccountRecord[]>(),
      ),

    async businessAccount(scope) {
      const found = await traceDb("business_accounts", "findOne", () =>
        businesses
          .findOne({ tenantId: scope.tenantId, businessId: scope.businessId }, NO_ID)
          .lean<BusinessAccountRecord>(),
      );
      return found ?? undefined;
    },

    upsertPhoneNumber: async (scope, number) => {
      const key = {
        tenantId: scope.tenantId,
        businessId: scope.businessId,
        displayPhoneNumber: number.displayPhoneNumber,
      };
      const stored = await traceDb("phone_numbers", "upsert", () =>
        upsertOnce(
          () =>
            phoneNumbers
              .findOneAndUpdate(key, { $setOnInsert: { ...number, ...key } }, { upsert: true, returnDocument: "after" })
              .lean<PhoneNumberRecord & { _id?: unknown }>(),
          () => phoneNumbers.findOne(key).lean<PhoneNumberRecord & { _id?: unknown }>(),
        ),
      );
      const { _id, ...record } = stored;
      return record;
    },

    listPhoneNumbers: (scope, limit) =>
      traceDb("phone_numbers", "find", () =>
        phoneNumbers
          .find({ tenantId: scope.tenantId, businessId: scope.businessId }, NO_ID)
          .sort({ displayPhoneNumber: 1 })
          .limit(limit)
          .lean<PhoneNumberRecord[]>(),
      ),

    async issueToken(scope, tokenId, tokenHash, expiresAtMs = 0) {
      await traceDb("access_tokens", "insert", () =>
        tokens.create({ ...scope, tokenId, tokenHash, createdAtMs: Date.now(), revokedAtMs: 0, expiresAtMs }),
      );
    },

    listTokens: (scope, limit) =>
      traceDb("access_tokens", "find", () =>
        tokens
          .find(
            { tenantId: scope.tenantId, businessId: scope.businessId },
            { _id: 0, tokenId: 1, createdAtMs: 1, revokedAtMs: 1, expiresAtMs: 1 },
          )
          .sort({ createdAtMs: 1 })
          .limit(limit)
          .lean<AccessTokenSummary[]>(),
      ),

    async revokeToken(scope, tokenId, revokedAtMs) {
      const filter = { tenantId: scope.tenantId, businessId: scope.businessId, tokenId };
      // Conditional on still being valid, so a repeated revocation keeps the first time.
      await traceDb("access_tokens", "updateOne", () =>
        tokens.updateOne({ ...filter, revokedAtMs: 0 }, { $set: { revokedAtMs } }),
      );
      return (await traceDb("access_tokens", "count", () => tokens.countDocuments(filter))) > 0;
    },

    async expireToken(scope, tokenId, expiresAtMs) {
      const filter = { tenantId: scope.tenantId, businessId: scope.businessId, tokenId, revokedAtMs: 0 };
      const found = await traceDb("access_tokens", "findOne", () =>
        tokens.findOne(filter, { expiresAtMs: 1 }).lean<{ expiresAtMs?: number }>(),
      );
      if (!found) return false;
      // An earlier expiry wins: a grace period never extends a token's life.
      const current = found.expiresAtMs ?? 0;
      if (current > 0 && current <= expiresAtMs) return true;
      await traceDb("access_tokens", "updateOne", () => tokens.updateOne(filter, { $set: { expiresAtMs } }));
      return true;
    },

    async setSuspended({ tenantId, businessId }, suspendedAtMs) {
      const result =
        businessId === undefined
          ? await traceDb("tenants", "updateOne", () => tenants.updateOne({ tenantId }, { $set: { suspendedAtMs } }))
          : await traceDb("business_accounts", "updateOne", () =>
              businesses.updateOne({ tenantId, businessId }, { $set: { suspendedAtMs } }),
            );
      return result.matchedCount === 1;
    },

    async changeHosting(scope, phoneNumberId, change) {
      const key = { tenantId: scope.tenantId, businessId: scope.businessId, phoneNumberId };
      const current = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers.findOne(key, NO_ID).lean<PhoneNumberRecord>(),
      );
      const sameFrom =
        current?.hostingMode === change.from.hostingMode &&
        current.processors.join(",") === change.from.processors.join(",") &&
        !current.pendingHostingChange;
      if (!current || !sameFrom) return false;
      // The race is decided here: one insert per state a number leaves. A crash between this claim
      // and the update below leaves the number unchanged and that state claimed; deleting the
      // claim document (hosting_change_claims) releases it.
      try {
        await traceDb("hosting_change_claims", "insert", () =>
          hostingClaims.create({
            _id: `${scope.tenantId}|${phoneNumberId}|${current.lastHostingChangeId ?? ""}`,
            changeId: change.changeId,
            atMs: Date.now(),
          }),
        );
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
      const result = await traceDb("phone_numbers", "updateOne", () =>
        phoneNumbers.updateOne(key, {
          $set: {
            hostingMode: change.to.hostingMode,
            processors: change.to.processors,
            pendingHostingChange: change,
            lastHostingChangeId: change.changeId,
          },
        }),
      );
      return result.matchedCount === 1;
    },

    async clearPendingHostingChange(scope, phoneNumberId, changeId) {
      await traceDb("phone_numbers", "updateOne", () =>
        phoneNumbers.updateOne(
          {
            tenantId: scope.tenantId,
            businessId: scope.businessId,
            phoneNumberId,
            "pendingHostingChange.changeId": changeId,
          },
          { $unset: { pendingHostingChange: 1 } },
        ),
      );
    },

    numbersWithPendingHostingChange: (limit) =>
      traceDb("phone_numbers", "find", () =>
        phoneNumbers
          .find({ pendingHostingChange: { $exists: true } }, NO_ID)
          .limit(limit)
          .lean<PhoneNumberRecord[]>(),
      ),

    async setMetaCredentials(scope, credentials) {
      const document = { ...credentials, tenantId: scope.tenantId, businessId: scope.businessId };
      // Keyed by the business alone: a business id is unique across tenants (its Meta WABA id).
      await traceDb("meta_credentials", "replaceOne", () =>
        metaCredentials.replaceOne({ _id: scope.businessId }, document, { upsert: true }),
      );
    },

    async resealMetaCredentials(scope, previous, credentials) {
      const { sealedSystemUserToken, sealedAppSecret } = previous;
      await traceDb("meta_credentials", "updateOne", () =>
        metaCredentials.updateOne(
          { _id: scope.businessId, sealedSystemUserToken, sealedAppSecret },
          {
            $set: {
              sealedSystemUserToken: credentials.sealedSystemUserToken,
              sealedAppSecret: credentials.sealedAppSecret,
            },
          },
        ),
      );
    },
  };
}
