// Admin routes for a business account's access tokens. A token is shown once, in the response
// that issued it, and stored only as its hash; it may be given a lifetime (`expires_in_seconds`),
// after which it answers 190/463. Rotation issues a new token and lets the old one work for a
// grace period, so a client can switch without downtime. Revocation takes effect on the next
// request (within AUTH_CACHE_TTL_MS on other replicas): error 190 from then on.
import type { FastifyInstance } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { newGraphId } from "../graph/graph-ids.ts";
import { issueAccessToken } from "../tenancy/access-token.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { BusinessAccountRecord } from "../tenancy/tenancy-records.ts";
import { issueTokenBody, parseBody, rotateTokenBody } from "./admin-bodies.ts";
import { type BusinessParams, businessOf, graphIdParam } from "./admin-scope.ts";
import { listOf, tokenView } from "./admin-views.ts";

const TOKENS = "/tenants/:tenantId/business_accounts/:businessId/access_tokens";

export function registerTokenRoutes(app: FastifyInstance, admin: TenancyAdmin, now: () => number = Date.now): void {
  const issue = async (business: BusinessAccountRecord, expiresInSeconds: number | undefined) => {
    const { token, hash } = issueAccessToken();
    const tokenId = newGraphId();
    const expiresAtMs = expiresInSeconds === undefined ? 0 : now() + expiresInSeconds * 1_000;
    await admin.issueToken(business, tokenId, hash, expiresAtMs);
    return {
      id: tokenId,
      access_token: token,
      business_id: business.businessId,
      ...(expiresAtMs > 0 ? { expires_time: new Date(expiresAtMs).toISOString() } : {}),
    };
  };

  app.post<{ Params: BusinessParams }>(TOKENS, async (request, reply) => {
    const business = await businessOf(admin, request.params);
    const body = parseBody(issueTokenBody, request.body);
    return reply.code(201).send(await issue(business, body.expires_in_seconds));
  });

  app.get<{ Params: BusinessParams }>(TOKENS, async (request) => {
    const business = await businessOf(admin, request.params);
    return listOf(await admin.listTokens(business, 1_000), tokenView);
  });

  app.post<{ Params: BusinessParams & { tokenId: string } }>(`${TOKENS}/:tokenId/rotate`, async (request, reply) => {
    const business = await businessOf(admin, request.params);
    const tokenId = graphIdParam(request.params.tokenId);
    const body = parseBody(rotateTokenBody, request.body);
    // The old token's end is set first: a rotation of an unknown or revoked token issues nothing.
    const oldExpiresAtMs = now() + body.grace_seconds * 1_000;
    if (!(await admin.expireToken(business, tokenId, oldExpiresAtMs))) throw unknownObject(tokenId);
    const issued = await issue(business, body.expires_in_seconds);
    return reply
      .code(201)
      .send({ ...issued, replaced_token: { id: tokenId, expires_time: new Date(oldExpiresAtMs).toISOString() } });
  });

  app.delete<{ Params: BusinessParams & { tokenId: string } }>(`${TOKENS}/:tokenId`, async (request) => {
    const business = await businessOf(admin, request.params);
    const tokenId = graphIdParam(request.params.tokenId);
    if (!(await admin.revokeToken(business, tokenId, Date.now()))) throw unknownObject(tokenId);
    return { success: true };
  });
}
