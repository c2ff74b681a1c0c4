// The operator's admin API under /admin/v1 (separate admin token): tenants → business accounts →
// phone numbers with their hosting mode, access tokens, hosting changes. Every route in this
// scope is behind the admin token; none of them is reachable with a business token.
import type { EventBus } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import { requireAdmin } from "./admin-scope.ts";
import { registerNumberRoutes } from "./number-routes.ts";
import { registerTenantRoutes } from "./tenant-routes.ts";
import { registerTokenRoutes } from "./token-routes.ts";

export interface AdminRouteDeps {
  tenants: TenantStore;
  adminToken: string;
  bus: EventBus;
  publishTimeoutMs: number;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  void app.register(
    async (admin) => {
      admin.addHook("onRequest", async (request) => requireAdmin(request, deps.adminToken));
      registerTenantRoutes(admin, deps.tenants);
      registerNumberRoutes(admin, deps);
      registerTokenRoutes(admin, deps.tenants);
    },
    { prefix: "/admin/v1" },
  );
}
