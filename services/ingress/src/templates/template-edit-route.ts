// `POST /{version}/{template_id}`: edits one of the caller's templates (template-edit.ts). Order as
// every Graph route here: token, path, the template within the caller's own business (another
// business's id is answered as one that does not exist), then the body. With Meta as the upstream
// the body is relayed to Meta, which applies its rules and reviews; the stored content follows
// once Meta took it, the status follows Meta's webhooks. With the simulator, Meta's rules are
// applied here and the edit goes back to the simulated review. Answers `{"success": true}`.
import type { FastifyInstance } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { graphIdOf } from "../graph/graph-path.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller } from "../tenancy/graph-prologue.ts";
import type { TemplateLookup } from "./cached-templates.ts";
import type { MetaTemplates } from "./meta-templates.ts";
import { parseTemplateEdit, simulatedEdit } from "./template-edit.ts";
import type { TemplateReview } from "./template-review.ts";
import type { TemplateStore } from "./template-store.ts";

export interface TemplateEditDeps {
  callers: Pick<CallerDirectory, "callerForToken">;
  store: Pick<TemplateStore, "list" | "update">;
  lookup: Pick<TemplateLookup, "forget">;
  review: Pick<TemplateReview, "submit">;
  relay: Pick<MetaTemplates, "edit"> | undefined;
  clock: () => number;
}

export function registerTemplateEditRoute(app: FastifyInstance, deps: TemplateEditDeps): void {
  app.post<{ Params: { version: string; templateId: string } }>("/:version/:templateId", async (request) => {
    const caller = await graphCaller(request, deps.callers, request.params.templateId);
    const templateId = graphIdOf(request.params.templateId);
    const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
    const page = await deps.store.list(scope, { templateId }, { limit: 1, after: "", before: "" });
    const record = page.items[0];
    if (!record) throw unknownObject(templateId);
    const content = parseTemplateEdit(record, request.body);
    const now = deps.clock();
    if (deps.relay) {
      await deps.relay.edit(scope, templateId, request.body);
      await deps.store.update(scope, record, content, now);
    } else {
      const updated = await deps.store.update(scope, record, simulatedEdit(record, content, now), now);
      if (updated) deps.review.submit(updated);
    }
    deps.lookup.forget(scope, record);
    return { success: true };
  });
}
