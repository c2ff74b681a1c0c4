// `GET/POST/DELETE /{version}/{waba_id}/message_templates`, as Meta's Graph API serves them to a
// business access token: list (filters, `fields`, cursor paging), create (stored PENDING, then
// handed to the upstream's review) and delete by name, or by name and `hsm_id`. When ingress
// relays to Meta (`relay`), creation and deletion happen at Meta first — the stored template
// carries Meta's id and status, and Meta's refusal is answered with Meta's code — and Meta's webhooks
// bring the review's outcome. Order as every
// Graph route here: token, path, then the rest of the input, then ownership — a business account
// other than the token's own is answered exactly as one that does not exist, so a business of a
// BSP tenant never learns whether another business's templates exist. A refused request changes
// nothing.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { newGraphId } from "../graph/graph-ids.ts";
import { graphIdOf } from "../graph/graph-path.ts";
import type { QueryParams } from "../graph/graph-query.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller } from "../tenancy/graph-prologue.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { TemplateLookup } from "./cached-templates.ts";
import type { MetaTemplates } from "./meta-templates.ts";
import { parseTemplateDefinition } from "./template-definition.ts";
import { templateExists, templateNotFound } from "./template-errors.ts";
import { parseTemplateDeleteQuery, parseTemplateListQuery, templateCursor } from "./template-query.ts";
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES, type TemplateRecord } from "./template-records.ts";
import type { TemplateReview } from "./template-review.ts";
import { sortKeyOf, type TemplateStore } from "./template-store.ts";
import { templateView } from "./template-views.ts";

export interface TemplateRouteDeps {
  callers: Pick<CallerDirectory, "callerForToken">;
  store: TemplateStore;
  lookup: Pick<TemplateLookup, "forget">;
  review: Pick<TemplateReview, "submit">;
  /** Meta, when ingress relays to it (UPSTREAM_CHANNEL=cloud_api). */
  relay: Pick<MetaTemplates, "create" | "remove" | "edit"> | undefined;
  clock: () => number;
}

const oneOf = <T extends string>(values: readonly T[], value: string, otherwise: T): T =>
  (values as readonly string[]).includes(value) ? (value as T) : otherwise;

type WabaRequest = FastifyRequest<{ Params: { version: string; wabaId: string } }>;

const PATH = "/:version/:wabaId/message_templates";

async function wabaCaller(request: WabaRequest, deps: TemplateRouteDeps) {
  const caller = await graphCaller(request, deps.callers, request.params.wabaId);
  const wabaId = graphIdOf(request.params.wabaId);
  return { caller, wabaId };
}

/** The caller's own business account, or unknown object. */
function ownAccount(caller: Caller, wabaId: string): Caller {
  if (caller.businessId !== wabaId) throw unknownObject(wabaId);
  return { tenantId: caller.tenantId, businessId: caller.businessId };
}

function pageLink(request: FastifyRequest, params: QueryParams, cursor: Record<string, string>): string {
  const path = request.url.split("?", 1)[0] ?? "";
  const { after: _after, before: _before, ...kept } = params;
  return `${request.protocol}://${request.host}${path}?${new URLSearchParams({ ...kept, ...cursor }).toString()}`;
}

export function registerTemplateRoutes(app: FastifyInstance, deps: TemplateRouteDeps): void {
  app.get<{ Params: { version: string; wabaId: string } }>(PATH, async (request) => {
    const { caller, wabaId } = await wabaCaller(request, deps);
    const query = parseTemplateListQuery(request.query);
    const scope = ownAccount(caller, wabaId);
    const found = await deps.store.list(scope, query.filter, query.page);
    const data = found.items.map((record) => templateView(record, query.fields));
    const first = found.items[0];
    const last = found.items.at(-1);
    if (!first || !last) return { data, paging: { cursors: {} } };
    const before = templateCursor(sortKeyOf(first));
    const after = templateCursor(sortKeyOf(last));
    const backwards = query.page.before !== "";
    // Reading forwards, more means a next page; a page read backwards always has one after it.
    const hasNext = backwards || found.more;
    const hasPrevious = backwards ? found.more : query.page.after !== "";
    return {
      data,
      paging: {
        cursors: { before, after },
        ...(hasPrevious ? { previous: pageLink(request, query.params, { before }) } : {}),
        ...(hasNext ? { next: pageLink(request, query.params, { after }) } : {}),
      },
    };
  });

  app.post<{ Params: { version: string; wabaId: string } }>(PATH, async (request) => {
    const { caller, wabaId } = await wabaCaller(request, deps);
    const definition = parseTemplateDefinition(request.body);
    const scope = ownAccount(caller, wabaId);
    // Refused before Meta is called: Meta would refuse it too, or create one we could not store.
    if (deps.relay && (await deps.store.get(scope, definition))) {
      throw templateExists(definition.name, definition.language);
    }
    // Meta's own answer when it is the upstream: its id, and a status it may have decided at once.
    const created = deps.relay
      ? await deps.relay.create(scope, request.body)
      : { id: newGraphId(), status: "PENDING", category: definition.category };
    const now = deps.clock();
    const record: TemplateRecord = {
      ...scope,
      ...definition,
      templateId: created.id,
      category: oneOf(TEMPLATE_CATEGORIES, created.category, definition.category),
      previousCategory: "",
      status: oneOf(TEMPLATE_STATUSES, created.status, "PENDING"),
      rejectedReason: "NONE",
      qualityScore: "UNKNOWN",
      createdAtMs: now,
      updatedAtMs: now,
    };
    const stored = await deps.store.create(scope, record);
    // Created at Meta but raced here by another request (or a sync that imported it): Meta has it.
    if (!stored && !deps.relay) throw templateExists(record.name, record.language);
    // A miss for this translation may be cached from a send that named it before it existed.
    deps.lookup.forget(scope, record);
    if (!deps.relay) deps.review.submit(record);
    return { id: record.templateId, status: record.status, category: record.category };
  });

  app.delete<{ Params: { version: string; wabaId: string } }>(PATH, async (request) => {
    const { caller, wabaId } = await wabaCaller(request, deps);
    const filter = parseTemplateDeleteQuery(request.query);
    const scope = ownAccount(caller, wabaId);
    // At Meta first: a template Meta refuses to delete stays here too.
    await deps.relay?.remove(scope, filter);
    const removed = await deps.store.remove(scope, filter);
    for (const record of removed) deps.lookup.forget(scope, record);
    if (removed.length === 0 && !deps.relay) throw templateNotFound(filter.name);
    return { success: true };
  });
}
