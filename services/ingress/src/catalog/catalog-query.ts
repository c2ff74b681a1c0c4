// The catalog routes' own query values (paging, Graph booleans); which parameters a route takes
// is checked by graph-query.ts, as for every Graph route.
import { invalidParameter } from "../graph/graph-errors.ts";
import { limitOf } from "../graph/graph-query.ts";

const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

export function pageOf(params: Record<string, string>): { limit: number; after: string } {
  const limit = limitOf(params.limit);
  const after = params.after ?? "";
  if (after !== "" && !CURSOR.test(after)) throw invalidParameter("after is not a valid cursor");
  return { limit, after };
}

/** Graph booleans arrive as true/false strings (query or form) or JSON booleans. */
export function booleanOf(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw invalidParameter(`${field} must be true or false`);
}
