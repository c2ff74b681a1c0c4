// Admin routes that suspend and resume a tenant or one of its business accounts. While suspended,
// every token of it is refused (error 10 for a tenant, 131031 for a business account) — on this
// replica at once, on others within AUTH_CACHE_TTL_MS — and nothing else is touched: resuming
// makes the same tokens work again.
import type { FastifyInstance } from "fastify";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { type BusinessParams, businessOf, tenantOf } from "./admin-scope.ts";

type Action = "suspend" | "resume";
const ACTIONS: readonly Action[] = ["suspend", "resume"];

export function registerSuspensionRoutes(
  app: FastifyInstance,
  admin: Pick<TenancyAdmin, "tenant" | "businessAccount" | "setSuspended">,
): void {
  for (const action of ACTIONS) {
    const suspendedAtMs = () => (action === "suspend" ? Date.now() : 0);

    app.post<{ Params: { tenantId: string } }>(`/tenants/:tenantId/${action}`, async (request) => {
      const tenant = await tenantOf(admin, request.params.tenantId);
      await admin.setSuspended({ tenantId: tenant.tenantId }, suspendedAtMs());
      return { success: true, id: tenant.tenantId, suspended: action === "suspend" };
    });

    app.post<{ Params: BusinessParams }>(
      `/tenants/:tenantId/business_accounts/:businessId/${action}`,
      async (request) => {
        const business = await businessOf(admin, request.params);
        await admin.setSuspended(business, suspendedAtMs());
        return { success: true, id: business.businessId, suspended: action === "suspend" };
      },
    );
  }
}
