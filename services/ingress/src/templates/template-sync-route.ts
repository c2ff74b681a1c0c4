// `POST /admin/v1/tenants/{tenant_id}/business_accounts/{business_id}/message_templates/sync`: the
// operator imports a business's templates from Meta now (template-sync.ts) rather than waiting for
// the periodic import. Behind the admin token like every admin route; a business of another tenant
// is an unknown object. Answers what changed; a business with no way to reach Meta is 190.
import type { FastifyInstance } from "fastify";
import { businessOf, requireAdmin } from "../admin/admin-scope.ts";
import { GraphError } from "../graph/graph-error.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { TemplateSync } from "./template-sync.ts";

export const TEMPLATE_SYNC_PATH = "/admin/v1/tenants/:tenantId/business_accounts/:businessId/message_templates/sync";

export function registerTemplateSyncRoute(
  app: FastifyInstance,
  deps: { adminToken: string; admin: Pick<TenancyAdmin, "businessAccount">; sync: TemplateSync },
): void {
  app.post<{ Params: { tenantId: string; businessId: string } }>(TEMPLATE_SYNC_PATH, async (request) => {
    requireAdmin(request, deps.adminToken);
    const business = await businessOf(deps.admin, request.params);
    const outcome = await deps.sync({ tenantId: business.tenantId, businessId: business.businessId });
    if (!outcome) {
      throw new GraphError({
        httpStatus: 401,
        code: 190,
        type: "OAuthException",
        message: "Invalid OAuth access token",
        details: "No Meta credentials are registered for this business account",
      });
    }
    return { success: true, ...outcome };
  });
}
