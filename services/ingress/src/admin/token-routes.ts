// Admin routes for a business account's access tokens. A token is shown once, in the response
// that issued it, and stored only as its hash; revocation takes effect on the next request
// because every request looks the token up (error 190 from then on).
import type { FastifyInstance } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { newGraphId } from "../graph/graph-ids.ts";
import { issueAccessToken } from "../tenancy/access-token.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { type BusinessParams, businessOf, graphIdParam } from "./admin-scope.ts";
import { listOf, tokenView } from "./admin-views.ts";

const TOKENS = "/tenants/:tenantId/business_accounts/:businessId/access_tokens";

export function registerTokenRoutes(app: FastifyInstance, admin: TenancyAdmin): void {
  app.post<{ Params: BusinessParams }>(TOKENS, async (request, reply) => {
    const business = await businessOf(admin, request.params);
    const { token, hash } = issueAccessToken();
    const tokenId = newGraphId();
    await admin.issueToken(business, tokenId, hash);
    return reply.code(201).send({ id: tokenId, access_token: token, business_id: business.businessId });
  });

  app.get<{ Params: BusinessParams }>(TOKENS, async (request) => {
    const business = await businessOf(admin, request.params);
    return listOf(await admin.listTokens(business, 1_000), tokenView);
  });

  app.delete<{ Params: BusinessParams & { tokenId: string } }>(`${TOKENS}/:tokenId`, async (request) => {
    const business = await businessOf(admin, request.params);
    const tokenId = graphIdParam(request.params.tokenId);
    if (!(await admin.revokeToken(business, tokenId, Date.now()))) throw unknownObject(tokenId);
    return { success: true };
  });
}
