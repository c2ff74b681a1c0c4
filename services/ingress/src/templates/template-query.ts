// Parses the query strings of the template routes strictly, after Meta's parameters: a listing
// takes `fields`, `limit`, `after` / `before` cursors and the filters `name`, `hsm_id`,
// `language`, `status` and `category` (comma-separated lists for the last two); a deletion takes
// `name` and optionally `hsm_id`. Anything unknown or malformed is error 100 naming it, so a typo
// never widens a listing or a deletion; `access_token` is Graph's authentication, not a parameter.
import { decodeCursor, encodeCursor } from "@switchboard/kit";
import { invalidParameter } from "../graph/graph-errors.ts";
import { GRAPH_ID } from "../graph/graph-ids.ts";
import { limitOf, type QueryParams, strictQueryParams } from "../graph/graph-query.ts";
import { LANGUAGE_CODE, TEMPLATE_NAME } from "./template-definition.ts";
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES, type TemplateStatus } from "./template-records.ts";
import type { TemplateFilter, TemplatePageRequest } from "./template-store.ts";
import { TEMPLATE_FIELD_NAMES, type TemplateField } from "./template-views.ts";

const LIST_PARAMS = ["fields", "limit", "after", "before", "name", "hsm_id", "language", "status", "category"];

function listOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((item) => item.trim().toUpperCase());
  if (items.some((item) => !(allowed as readonly string[]).includes(item))) {
    throw invalidParameter(`${name} must be one or more of ${allowed.join(", ")}`);
  }
  return items as T[];
}

const cursorOf = (name: string, value: string | undefined): string => {
  if (value === undefined) return "";
  try {
    const key = decodeCursor(value, ["string"])?.[0];
    if (typeof key === "string") return key;
  } catch {
    // reported below
  }
  throw invalidParameter(`${name} is not a valid cursor`);
};

export const templateCursor = (sortKey: string) => encodeCursor([sortKey]);

function filterOf(params: QueryParams): TemplateFilter {
  const { name, hsm_id: hsmId, language } = params;
  if (name !== undefined && !TEMPLATE_NAME.test(name)) throw invalidParameter("name is not a template name");
  if (hsmId !== undefined && !GRAPH_ID.test(hsmId)) throw invalidParameter("hsm_id is not a template id");
  if (language !== undefined && !LANGUAGE_CODE.test(language))
    throw invalidParameter("language is not a language code");
  const status = listOf<TemplateStatus>("status", params.status, TEMPLATE_STATUSES);
  const category = listOf("category", params.category, TEMPLATE_CATEGORIES);
  return {
    ...(name === undefined ? {} : { name }),
    ...(hsmId === undefined ? {} : { templateId: hsmId }),
    ...(language === undefined ? {} : { language }),
    ...(status === undefined ? {} : { status }),
    ...(category === undefined ? {} : { category }),
  };
}

function fieldsOf(value: string | undefined): TemplateField[] | undefined {
  if (value === undefined) return undefined;
  const fields = value.split(",").map((field) => field.trim());
  const unknown = fields.find((field) => !(TEMPLATE_FIELD_NAMES as readonly string[]).includes(field));
  if (unknown !== undefined) throw invalidParameter(`Tried accessing nonexisting field (${unknown.slice(0, 64)})`);
  return fields as TemplateField[];
}

export interface TemplateListQuery {
  filter: TemplateFilter;
  page: TemplatePageRequest;
  fields: TemplateField[] | undefined;
  params: QueryParams;
}

export function parseTemplateListQuery(query: unknown): TemplateListQuery {
  const params = strictQueryParams(query, LIST_PARAMS);
  const limit = limitOf(params.limit);
  if (params.after !== undefined && params.before !== undefined) {
    throw invalidParameter("after and before cannot be given together");
  }
  return {
    filter: filterOf(params),
    page: { limit, after: cursorOf("after", params.after), before: cursorOf("before", params.before) },
    fields: fieldsOf(params.fields),
    params,
  };
}

export function parseTemplateDeleteQuery(query: unknown): { name: string; templateId?: string } {
  const params = strictQueryParams(query, ["name", "hsm_id"]);
  const { name, hsm_id: hsmId } = params;
  if (name === undefined) throw invalidParameter("The parameter name is required");
  if (!TEMPLATE_NAME.test(name)) throw invalidParameter("name is not a template name");
  if (hsmId !== undefined && !GRAPH_ID.test(hsmId)) throw invalidParameter("hsm_id is not a template id");
  return { name, ...(hsmId === undefined ? {} : { templateId: hsmId }) };
}
