// The admin API's gate and path resolution. Every admin route needs the operator's token (compared
// in constant time) in the Authorization header; a business token, a wrong token or none is 190.
// An admin token in the query string would end up in access logs and proxies' histories: such a
// request is refused outright, before the token is even compared. A tenant or business in the
// path that does not exist — or a business that belongs to another tenant — is Graph's unknown
// object (100/33), never a hint that it exists elsewhere.
import type { FastifyRequest } from "fastify";
import { GraphError } from "../graph/graph-error.ts";
import { invalidAccessToken, unknownObject } from "../graph/graph-errors.ts";
import { GRAPH_ID } from "../graph/graph-ids.ts";
import { secretsEqual } from "../tenancy/access-token.ts";
import { bearerTokenOf } from "../tenancy/authenticate.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { BusinessAccountRecord, TenantRecord } from "../tenancy/tenancy-records.ts";

const TENANT_ID = /^tn_[0-9]{1,20}$/;

const QUERY_TOKENS = ["access_token", "admin_token"] as const;

const tokenInQuery = (name: string) =>
  new GraphError({
    httpStatus: 400,
    code: 190,
    type: "OAuthException",
    message: `The admin token is accepted only in the Authorization header, never as ?${name}`,
  });

export function requireAdmin(request: FastifyRequest, adminToken: string): void {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const inQuery = QUERY_TOKENS.find((name) => Object.hasOwn(query, name));
  if (inQuery) throw tokenInQuery(inQuery);
  const token = bearerTokenOf(request, { headerOnly: true });
  if (!token || !secretsEqual(token, adminToken)) throw invalidAccessToken();
}

export async function tenantOf(tenants: Pick<TenancyAdmin, "tenant">, tenantId: string): Promise<TenantRecord> {
  const tenant = TENANT_ID.test(tenantId) ? await tenants.tenant(tenantId) : undefined;
  if (!tenant) throw unknownObject(tenantId);
  return tenant;
}

export async function businessOf(
  tenants: Pick<TenancyAdmin, "businessAccount">,
  params: { tenantId: string; businessId: string },
): Promise<BusinessAccountRecord> {
  const { tenantId, businessId } = params;
  const business =
    TENANT_ID.test(tenantId) && GRAPH_ID.test(businessId)
      ? await tenants.businessAccount({ tenantId, businessId })
      : undefined;
  if (!business) throw unknownObject(businessId);
  return business;
}

export function graphIdParam(id: string): string {
  if (!GRAPH_ID.test(id)) throw unknownObject(id);
  return id;
}

export type BusinessParams = { tenantId: string; businessId: string };
