// Resolves the business behind a Graph request's bearer token (header, or `access_token` query
// parameter as Graph also accepts). No token, an unknown or revoked one: error 190, nothing else
// happens.
import type { FastifyRequest } from "fastify";
import { invalidAccessToken } from "../graph/graph-errors.ts";
import { hashAccessToken } from "./access-token.ts";
import type { CallerDirectory } from "./caller-directory.ts";
import type { Caller } from "./tenancy-records.ts";

export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
  const query = request.query as { access_token?: unknown } | undefined;
  return typeof query?.access_token === "string" ? query.access_token : undefined;
}

export async function authenticate(
  request: FastifyRequest,
  callers: Pick<CallerDirectory, "callerForToken">,
): Promise<Caller> {
  const token = bearerTokenOf(request);
  if (!token || token.length > 512) throw invalidAccessToken();
  const caller = await callers.callerForToken(hashAccessToken(token));
  if (!caller) throw invalidAccessToken();
  request.span?.setAttribute("switchboard.tenant_id", caller.tenantId);
  return caller;
}
