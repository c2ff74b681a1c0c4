// `POST /{version}/{template_id}`: Meta's template edit — new components and/or category (and the
// parameter format) of one translation; name and language never change. Parsed as a creation
// would be, then checked by Meta's rules for edits: only an APPROVED, REJECTED or PAUSED template
// can be edited; an approved one keeps its category and is edited at most once in 24 hours and ten
// times in 30 days; rejected and paused ones without limit. An edited template goes back to
// review. With Meta as the upstream Meta applies the rules (the route relays the body); with the
// simulator they are applied here. Pure: the route stores the change and submits the review.
import { invalidParameter } from "../graph/graph-errors.ts";
import { parseTemplateDefinition } from "./template-definition.ts";
import type { TemplateRecord } from "./template-records.ts";
import type { TemplateChange } from "./template-store.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const EDIT_WINDOW_MS = 30 * DAY_MS;
const EDITS_PER_WINDOW = 10;
const EDITABLE = new Set(["APPROVED", "REJECTED", "PAUSED"]);
const EDIT_FIELDS = new Set(["category", "components", "parameter_format", "message_send_ttl_seconds"]);

/** The change an edit body makes to the record's content (category, components, format). */
export function parseTemplateEdit(record: TemplateRecord, input: unknown): TemplateChange {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidParameter("The request body must be a JSON object");
  }
  const body = input as Record<string, unknown>;
  const unknown = Object.keys(body).find((key) => !EDIT_FIELDS.has(key));
  if (unknown !== undefined) throw invalidParameter(`${unknown}: cannot be edited`);
  if (body.category === undefined && body.components === undefined) {
    throw invalidParameter("category or components is required");
  }
  // The edited template must be a valid template: the creation's rules, name and language kept.
  const edited = parseTemplateDefinition({
    name: record.name,
    language: record.language,
    category: body.category ?? record.category,
    components: body.components ?? record.components,
    parameter_format: body.parameter_format ?? record.parameterFormat,
  });
  return { category: edited.category, components: edited.components, parameterFormat: edited.parameterFormat };
}

/**
 * Meta's edit rules applied to `change` at `nowMs`: the full store change (back to PENDING, the
 * approved-edit history kept), or Meta's refusal thrown.
 */
export function simulatedEdit(record: TemplateRecord, change: TemplateChange, nowMs: number): TemplateChange {
  if (!EDITABLE.has(record.status)) {
    throw invalidParameter(
      `a template in status ${record.status} cannot be edited (only APPROVED, REJECTED or PAUSED)`,
    );
  }
  const recentEdits = (record.approvedEditsMs ?? []).filter((at) => at > nowMs - EDIT_WINDOW_MS);
  if (record.status === "APPROVED") {
    if (change.category !== undefined && change.category !== record.category) {
      throw invalidParameter("the category of an approved template cannot be edited");
    }
    if (recentEdits.some((at) => at > nowMs - DAY_MS) || recentEdits.length >= EDITS_PER_WINDOW) {
      throw invalidParameter("an approved template can be edited once in 24 hours and 10 times in 30 days");
    }
  }
  return {
    ...change,
    status: "PENDING",
    rejectedReason: "NONE",
    approvedEditsMs: record.status === "APPROVED" ? [...recentEdits, nowMs] : recentEdits,
  };
}
