// Graph's cursor pagination for list responses: `data`, then `paging.cursors.after` and
// `paging.next` (the same request with `after` set) while another page exists. The next link
// keeps the caller's filters and limit but never the access token, so tokens do not end up in
// logs of whoever stores or forwards the link; clients send the token in the header again.
import type { FastifyRequest } from "fastify";
import type { QueryParams } from "../graph/graph-query.ts";

export interface GraphPage<T> {
  data: T[];
  paging: { cursors: { after?: string }; next?: string };
}

export function nextPageUrl(request: FastifyRequest, params: QueryParams, after: string): string {
  const path = request.url.split("?", 1)[0] ?? "";
  const query = new URLSearchParams({ ...params, after });
  return `${request.protocol}://${request.host}${path}?${query.toString()}`;
}

export function graphPage<T>(data: T[], after: string, next: (after: string) => string): GraphPage<T> {
  if (after === "") return { data, paging: { cursors: {} } };
  return { data, paging: { cursors: { after }, next: next(after) } };
}
