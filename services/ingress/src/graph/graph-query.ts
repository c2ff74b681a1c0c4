// The strict query-string rules every Graph route shares: only the parameters a route knows
// (plus `access_token`, which Graph accepts for authentication), each once; anything else is
// error 100 naming the parameter, so a typo never silently widens a listing. And Graph's `limit`.
import { invalidParameter } from "./graph-errors.ts";

export type QueryParams = Record<string, string>;

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

/** The accepted parameters as given (for a next-page link), after every check passed. */
export function strictQueryParams(query: unknown, allowed: readonly string[]): QueryParams {
  const params: QueryParams = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (name === "access_token") continue;
    if (!allowed.includes(name)) throw invalidParameter(`unknown parameter ${name.slice(0, 64)}`);
    if (typeof value !== "string") throw invalidParameter(`${name} must be given once`);
    params[name] = value;
  }
  return params;
}

/** `limit`: 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export function limitOf(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  const parsed = /^[0-9]{1,3}$/.test(limit) ? Number(limit) : 0;
  if (parsed < 1 || parsed > MAX_LIMIT) throw invalidParameter(`limit must be from 1 to ${MAX_LIMIT}`);
  return parsed;
}
