// Walks every business account of the installation (operator-level: tenants, then their business
// accounts, each capped), for the template work that is not started by a request — the periodic
// import from Meta and the start-up resume of simulated reviews. One failing business is logged
// and skipped; the walk goes on.
import type { Logger } from "@switchboard/kit";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";

export type BusinessDirectory = Pick<TenancyAdmin, "listTenants" | "listBusinessAccounts">;

const MAX_TENANTS = 10_000;
const MAX_BUSINESSES_PER_TENANT = 1_000;

export async function forEveryBusiness(
  directory: BusinessDirectory,
  logger: Logger,
  what: string,
  work: (scope: Caller) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  for (const tenant of await directory.listTenants(MAX_TENANTS)) {
    for (const business of await directory.listBusinessAccounts(tenant.tenantId, MAX_BUSINESSES_PER_TENANT)) {
      if (signal?.aborted) return;
      const scope = { tenantId: business.tenantId, businessId: business.businessId };
      try {
        await work(scope);
      } catch (error) {
        logger.warn({ err: error, businessId: scope.businessId }, `${what} failed for a business; skipped`);
      }
    }
  }
}
