// Resolves the business behind a Graph request's bearer token (header, or `access_token` query
// parameter as Graph also accepts). No token, an unknown or revoked one: error 190; an expired one:
// 190/463; a token of a suspended tenant or business account: 10 or 131031. Nothing else happens.
import type { FastifyRequest } from "fastify";
import { invalidAccessToken } from "../graph/graph-errors.ts";
import { businessLocked, sessionExpired, tenantSuspended } from "./access-errors.ts";
import { hashAccessToken } from "./access-token.ts";
import type { CallerDirectory } from "./caller-directory.ts";
import type { Caller, TokenGrant } from "./tenancy-records.ts";

export function bearerTokenOf(request: FastifyRequest, options: { headerOnly?: boolean } = {}): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
  if (options.headerOnly) return undefined;
  const query = request.query as { access_token?: unknown } | undefined;
  return typeof query?.access_token === "string" ? query.access_token : undefined;
}

/** The caller a grant speaks for, or the Graph error that forbids using it now. */
export function callerOfGrant(grant: TokenGrant | undefined, nowMs: number): Caller {
  if (!grant) throw invalidAccessToken();
  if (grant.expiresAtMs !== undefined && grant.expiresAtMs > 0 && nowMs >= grant.expiresAtMs) throw sessionExpired();
  if (grant.suspended === "tenant") throw tenantSuspended();
  if (grant.suspended === "business") throw businessLocked();
  // Only the two ids travel on: nothing downstream may store a grant's other fields.
  return { tenantId: grant.tenantId, businessId: grant.businessId };
}

export async function authenticate(
  request: FastifyRequest,
  callers: Pick<CallerDirectory, "callerForToken">,
  now: () => number = Date.now,
): Promise<Caller> {
  const token = bearerTokenOf(request);
  if (!token || token.length > 512) throw invalidAccessToken();
  const caller = callerOfGrant(await callers.callerForToken(hashAccessToken(token)), now());
  request.span?.setAttribute("switchboard.tenant_id", caller.tenantId);
  return caller;
}
