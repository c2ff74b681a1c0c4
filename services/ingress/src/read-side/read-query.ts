// Parses a read route's query string strictly: only the parameters the route knows (plus
// `access_token`, which Graph accepts for authentication), each once, each in its exact form.
// Anything else is error 100 naming the parameter, so a typo never silently widens a listing.
import type { EncryptionState, HostingMode } from "@switchboard/proto";
import { isHostingMode } from "@switchboard/proto";
import { invalidParameter } from "../graph/graph-errors.ts";
import { limitOf, type QueryParams, strictQueryParams } from "../graph/graph-query.ts";
import type { PageRequest, ThreadFilters } from "./conversation-reader.ts";

const PAGE_PARAMS = ["limit", "after"] as const;
const FILTER_PARAMS = ["hosting_mode", "encryption_state", "window_open", "updated_since"] as const;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const UNIX_SECONDS = /^[0-9]{1,11}$/;
const ENCRYPTION_STATES: readonly string[] = ["end_to_end", "provider_accessible"] satisfies EncryptionState[];

function pageOf(params: QueryParams): PageRequest {
  const { after } = params;
  if (after !== undefined && !CURSOR.test(after)) throw invalidParameter("after is not a valid cursor");
  return { limit: limitOf(params.limit), after: after ?? "" };
}

function filtersOf(params: QueryParams): ThreadFilters {
  const filters: ThreadFilters = {};
  const { hosting_mode: mode, encryption_state: state, window_open: open, updated_since: since } = params;
  if (mode !== undefined) {
    if (!isHostingMode(mode)) throw invalidParameter("hosting_mode must be on_premises, cloud or bsp");
    filters.hostingMode = mode satisfies HostingMode;
  }
  if (state !== undefined) {
    if (!ENCRYPTION_STATES.includes(state)) {
      throw invalidParameter("encryption_state must be end_to_end or provider_accessible");
    }
    filters.encryptionState = state as EncryptionState;
  }
  if (open !== undefined) {
    if (open !== "true" && open !== "false") throw invalidParameter("window_open must be true or false");
    filters.windowOpen = open === "true";
  }
  if (since !== undefined) {
    if (!UNIX_SECONDS.test(since)) throw invalidParameter("updated_since must be a unix timestamp in seconds");
    filters.updatedSinceMs = Number(since) * 1000;
  }
  return filters;
}

export function parseThreadListQuery(query: unknown): {
  page: PageRequest;
  filters: ThreadFilters;
  params: QueryParams;
} {
  const params = strictQueryParams(query, [...PAGE_PARAMS, ...FILTER_PARAMS]);
  return { page: pageOf(params), filters: filtersOf(params), params };
}

export function parseMessageListQuery(query: unknown): { page: PageRequest; params: QueryParams } {
  const params = strictQueryParams(query, PAGE_PARAMS);
  return { page: pageOf(params), params };
}

/** Routes that return one object take no parameters but the token. */
export function parseNoQuery(query: unknown): void {
  strictQueryParams(query, []);
}
