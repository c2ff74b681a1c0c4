// The operator's admin API under /admin/v1 (separate admin token): tenants → business accounts →
// phone numbers with their hosting mode, access tokens, hosting changes, the credentials to reach
// Meta for a business account (write-only). Every route in this
// scope is behind the admin token; none of them is reachable with a business token.
import type { EventBus } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { requireAdmin } from "./admin-scope.ts";
import { registerDeadLetterRoutes } from "./dead-letter-routes.ts";
import { registerMetaCredentialRoutes } from "./meta-credential-routes.ts";
import { registerNumberRoutes } from "./number-routes.ts";
import { registerSuspensionRoutes } from "./suspension-routes.ts";
import { registerTenantRoutes } from "./tenant-routes.ts";
import { registerTokenRoutes } from "./token-routes.ts";

export interface AdminRouteDeps {
  admin: TenancyAdmin;
  /** Reads a number within its business before a hosting change (the same cached read requests use). */
  numbers: Pick<CallerDirectory, "phoneNumber">;
  adminToken: string;
  bus: EventBus;
  publishTimeoutMs: number;
  /** Seals registered Meta credentials; undefined when the installation keeps none. */
  sealer: CredentialSealer | undefined;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  void app.register(
    async (scope) => {
      scope.addHook("onRequest", async (request) => requireAdmin(request, deps.adminToken));
      registerTenantRoutes(scope, deps.admin);
      registerNumberRoutes(scope, deps);
      registerTokenRoutes(scope, deps.admin);
      registerSuspensionRoutes(scope, deps.admin);
      registerMetaCredentialRoutes(scope, deps);
      registerDeadLetterRoutes(scope, deps.bus.dlq);
    },
    { prefix: "/admin/v1" },
  );
}
