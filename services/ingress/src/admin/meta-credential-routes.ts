// `PUT .../business_accounts/{business_id}/meta_credentials`: registers how ingress reaches Meta
// for a business account — its system-user token, its Meta app's secret (the key of that app's
// webhook signatures) and the Graph API version. Both secrets are sealed before they are stored
// (tenancy/credential-sealer.ts) and no route ever answers them back: the answer names only the
// version and when. Without UPSTREAM_CREDENTIALS_KEY nothing can be sealed, so nothing is stored.
import type { FastifyInstance } from "fastify";
import { invalidParameter } from "../graph/graph-errors.ts";
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { metaCredentialsBody, parseBody } from "./admin-bodies.ts";
import { type BusinessParams, businessOf } from "./admin-scope.ts";

const CREDENTIALS = "/tenants/:tenantId/business_accounts/:businessId/meta_credentials";

export function registerMetaCredentialRoutes(
  app: FastifyInstance,
  deps: { admin: Pick<TenancyAdmin, "businessAccount" | "setMetaCredentials">; sealer: CredentialSealer | undefined },
): void {
  app.put<{ Params: BusinessParams }>(CREDENTIALS, async (request) => {
    const business = await businessOf(deps.admin, request.params);
    const body = parseBody(metaCredentialsBody, request.body);
    const { sealer } = deps;
    if (!sealer) throw invalidParameter("meta_credentials: this installation has no UPSTREAM_CREDENTIALS_KEY");
    const scope = { tenantId: business.tenantId, businessId: business.businessId };
    const updatedAtMs = Date.now();
    await deps.admin.setMetaCredentials(scope, {
      sealedSystemUserToken: sealer.seal(body.system_user_token, { ...scope, field: "system_user_token" }),
      sealedAppSecret: sealer.seal(body.app_secret, { ...scope, field: "app_secret" }),
      graphApiVersion: body.graph_api_version,
      updatedAtMs,
    });
    return {
      success: true,
      business_id: business.businessId,
      graph_api_version: body.graph_api_version,
      updated_time: new Date(updatedAtMs).toISOString(),
    };
  });
}
