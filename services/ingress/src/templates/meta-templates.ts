// Meta's side of templates, for installations that relay to Meta (UPSTREAM_CHANNEL=cloud_api):
// creates, edits and deletes a business's templates at Graph and reads the ones Meta holds —
// `POST/GET/DELETE /{version}/{waba_id}/message_templates` and `POST /{version}/{template_id}` —
// with the business's own token and Graph version (meta-access.ts), else the installation's, and
// the Cloud API channel's retry rule (graph-post.ts). Business accounts are registered under their
// Meta WABA ids, so the id in our path is the one Meta knows. Meta's refusals come back as Meta's
// Graph errors (status, code, message, details), answered to the business; the token is never logged.
import { GraphError } from "../graph/graph-error.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import { type GraphAnswer, type GraphPostOptions, graphPoster } from "../upstream-channel/graph-post.ts";
import type { GraphAccess, MetaAccess } from "../upstream-channel/meta-access.ts";
import type { UpstreamFailure } from "../upstream-channel/upstream-channel.ts";

/** A template as Graph lists it (the fields the sync asks for). */
export type MetaTemplate = Record<string, unknown>;

export interface MetaCreated {
  id: string;
  status: string;
  category: string;
}

export interface MetaTemplates {
  /** Creates the template at Meta from the business's own body; Meta's answer, or Meta's error thrown. */
  create(scope: Caller, body: unknown): Promise<MetaCreated>;
  /** `POST /{template_id}`: Meta's edit; Meta's error thrown. */
  edit(scope: Caller, templateId: string, body: unknown): Promise<void>;
  /** Deletes by name (every language), or by name and Meta's id; Meta's error thrown. */
  remove(scope: Caller, filter: { name: string; templateId?: string }): Promise<void>;
  /**
   * The templates Meta holds for the business, `complete` when every page was read (not cut at
   * `maxPages`); undefined when there is no way to reach Meta for it.
   */
  list(scope: Caller): Promise<{ items: MetaTemplate[]; complete: boolean } | undefined>;
}

export interface MetaTemplateOptions extends GraphPostOptions {
  baseUrl: string;
  access?: MetaAccess;
  /** The installation-wide token and version, for businesses without their own. */
  configured: GraphAccess | undefined;
  /** Page size of the import, and a cap on pages (Meta's limit is 250 names × their languages). */
  pageSize?: number;
  maxPages?: number;
}

export const SYNC_FIELDS =
  "id,name,language,category,previous_category,components,status,parameter_format,quality_score,rejected_reason";

/** The 190 Meta answers a call without a valid token; here the call is not even made. */
const noCredentials = (): GraphError =>
  new GraphError({
    httpStatus: 401,
    code: 190,
    type: "OAuthException",
    message: "Invalid OAuth access token",
    details: "No Meta credentials are registered for this business account",
  });

/** Meta's refusal as the business sees it; an unreachable or failing Meta is 503 with Meta's code. */
export function graphErrorOfFailure(failure: UpstreamFailure): GraphError {
  const refused = failure.httpStatus >= 400 && failure.httpStatus < 500;
  return new GraphError({
    httpStatus: refused ? failure.httpStatus : 503,
    code: failure.code,
    type: "OAuthException",
    message: failure.message,
    ...(failure.details ? { details: failure.details } : {}),
  });
}

const bodyOf = (answer: GraphAnswer): Record<string, unknown> => {
  if (!answer.ok) throw graphErrorOfFailure(answer.failure);
  const body = answer.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
};

export function createMetaTemplates(options: MetaTemplateOptions): MetaTemplates {
  const call = graphPoster(options);
  const base = options.baseUrl.replace(/\/+$/, "");
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 50;
  const accessFor = async (scope: Caller) => (await options.access?.(scope)) ?? options.configured;
  const url = (access: GraphAccess, node: string, edge = "", query: Record<string, string> = {}) => {
    const search = new URLSearchParams(query).toString();
    return `${base}/${encodeURIComponent(access.apiVersion)}/${encodeURIComponent(node)}${edge}${search ? `?${search}` : ""}`;
  };
  const required = async (scope: Caller) => {
    const access = await accessFor(scope);
    if (!access) throw noCredentials();
    return access;
  };

  return {
    async create(scope, body) {
      const access = await required(scope);
      const answer = bodyOf(
        await call(url(access, scope.businessId, "/message_templates"), access.accessToken, JSON.stringify(body)),
      );
      const id = typeof answer.id === "string" || typeof answer.id === "number" ? String(answer.id) : "";
      if (!id) {
        const failure = { code: 131000, title: "", message: "Something went wrong", httpStatus: 502 };
        throw graphErrorOfFailure({ ...failure, details: "Meta answered no template id" });
      }
      return {
        id,
        status: typeof answer.status === "string" ? answer.status : "PENDING",
        category: typeof answer.category === "string" ? answer.category : "",
      };
    },

    async edit(scope, templateId, body) {
      const access = await required(scope);
      bodyOf(await call(url(access, templateId), access.accessToken, JSON.stringify(body)));
    },

    async remove(scope, filter) {
      const access = await required(scope);
      const query = { name: filter.name, ...(filter.templateId ? { hsm_id: filter.templateId } : {}) };
      bodyOf(
        await call(url(access, scope.businessId, "/message_templates", query), access.accessToken, undefined, "DELETE"),
      );
    },

    async list(scope) {
      const access = await accessFor(scope);
      if (!access) return undefined;
      const templates: MetaTemplate[] = [];
      let after = "";
      for (let page = 0; page < maxPages; page++) {
        const query = { fields: SYNC_FIELDS, limit: String(pageSize), ...(after ? { after } : {}) };
        const answer = bodyOf(
          await call(url(access, scope.businessId, "/message_templates", query), access.accessToken, undefined, "GET"),
        );
        const data = Array.isArray(answer.data) ? answer.data : [];
        for (const item of data) if (typeof item === "object" && item !== null) templates.push(item as MetaTemplate);
        const paging = (answer.paging ?? {}) as { next?: unknown; cursors?: { after?: unknown } };
        // The cursor, never `paging.next` itself: we only ever call the configured Graph host.
        const cursor = paging.cursors?.after;
        if (typeof paging.next !== "string" || typeof cursor !== "string" || cursor === "") {
          return { items: templates, complete: true };
        }
        after = cursor;
      }
      return { items: templates, complete: false };
    },
  };
}
