// Creating a tenant in MongoDB: several documents without a transaction (FerretDB v1 has none).
// The token is written last, so a half-created tenant has no usable token and is harmless; ids
// are fresh, so a retry simply creates a new tenant. Ids given by the operator (Meta's) can be
// held already: the write stops there, before the token, with IdAlreadyRegisteredError.
import { isDuplicateKeyError, traceDb } from "@switchboard/kit";
import { IdAlreadyRegisteredError, type TenancyAdmin } from "./tenancy-admin.ts";
import type { TenancyModels } from "./tenancy-models.ts";

export function mongoCreateTenant({
  tenants,
  businesses,
  phoneNumbers,
  tokens,
}: TenancyModels): TenancyAdmin["createTenant"] {
  return async (tenant) => {
    try {
      await create(tenant);
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new IdAlreadyRegisteredError("an id of this tenant is registered elsewhere");
      throw error;
    }
  };

  async function create(tenant: Parameters<TenancyAdmin["createTenant"]>[0]): Promise<void> {
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
  }
}
