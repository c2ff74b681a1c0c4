// Imports the templates Meta holds for a business into its store, so templates created in WhatsApp
// Manager, by another tool or before the business moved here can be sent and listed: every page
// of Meta's list is read first, then each translation is created, brought up to date (Meta's id,
// status, category, components, quality) or — when Meta's complete list no longer has it — deleted. A failed read
// changes nothing. Run when credentials are registered, every TEMPLATE_SYNC_INTERVAL_MS for every
// business, and on the operator's request. Not a hot path: one store call per changed translation.
import type { Logger } from "@switchboard/kit";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { TemplateLookup } from "./cached-templates.ts";
import { recordOfMetaTemplate } from "./meta-template-record.ts";
import type { MetaTemplates } from "./meta-templates.ts";
import type { TemplateRecord } from "./template-records.ts";
import { sortKeyOf, type TemplateChange, type TemplateStore } from "./template-store.ts";

export interface SyncOutcome {
  imported: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export type TemplateSync = (scope: Caller) => Promise<SyncOutcome | undefined>;

const PAGE = 200;

async function localTemplates(store: Pick<TemplateStore, "list">, scope: Caller): Promise<TemplateRecord[]> {
  const all: TemplateRecord[] = [];
  let after = "";
  for (;;) {
    const page = await store.list(scope, {}, { limit: PAGE, after, before: "" });
    all.push(...page.items);
    const last = page.items.at(-1);
    if (!page.more || !last) return all;
    after = sortKeyOf(last);
  }
}

/** What differs between our record and Meta's, as a store change; undefined when nothing does. */
function changeTowards(local: TemplateRecord, meta: TemplateRecord): TemplateChange | undefined {
  const change: TemplateChange = {};
  if (local.templateId !== meta.templateId) change.templateId = meta.templateId;
  if (local.status !== meta.status) change.status = meta.status;
  if (local.rejectedReason !== meta.rejectedReason) change.rejectedReason = meta.rejectedReason;
  if (local.category !== meta.category) change.category = meta.category;
  if (meta.previousCategory && local.previousCategory !== meta.previousCategory) {
    change.previousCategory = meta.previousCategory;
  }
  if (meta.qualityScore !== "UNKNOWN" && local.qualityScore !== meta.qualityScore) {
    change.qualityScore = meta.qualityScore;
  }
  if (local.parameterFormat !== meta.parameterFormat) change.parameterFormat = meta.parameterFormat;
  if (JSON.stringify(local.components) !== JSON.stringify(meta.components)) change.components = meta.components;
  return Object.keys(change).length > 0 ? change : undefined;
}

export function createTemplateSync(deps: {
  meta: Pick<MetaTemplates, "list">;
  store: Pick<TemplateStore, "list" | "create" | "update" | "remove">;
  lookup: Pick<TemplateLookup, "forget">;
  clock: () => number;
  logger: Logger;
}): TemplateSync {
  const { store, lookup } = deps;
  return async (scope) => {
    const listed = await deps.meta.list(scope);
    if (!listed) return undefined;
    const { items, complete } = listed;
    const now = deps.clock();
    const remote = new Map<string, TemplateRecord>();
    for (const item of items) {
      const record = recordOfMetaTemplate(scope, item, now);
      if (record) remote.set(sortKeyOf(record), record);
    }
    const local = new Map((await localTemplates(store, scope)).map((record) => [sortKeyOf(record), record]));
    const outcome: SyncOutcome = { imported: 0, updated: 0, removed: 0, unchanged: 0 };
    for (const [key, record] of remote) {
      const existing = local.get(key);
      const change = existing ? changeTowards(existing, record) : undefined;
      if (!existing) {
        // A translation created here meanwhile is already this one: nothing else to do.
        if (await store.create(scope, record)) outcome.imported += 1;
      } else if (change) {
        await store.update(scope, record, change, now);
        outcome.updated += 1;
      } else {
        outcome.unchanged += 1;
        continue;
      }
      lookup.forget(scope, record);
    }
    for (const [key, record] of local) {
      // Only a complete list proves Meta no longer has a translation.
      if (!complete || remote.has(key)) continue;
      await store.remove(scope, { name: record.name, templateId: record.templateId });
      lookup.forget(scope, record);
      outcome.removed += 1;
    }
    deps.logger.info({ businessId: scope.businessId, ...outcome }, "templates synced from Meta");
    return outcome;
  };
}
