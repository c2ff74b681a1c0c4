// Reads a template as Graph lists it into our record: Meta's id, name, language, category,
// components, status, parameter format, quality and rejection reason. Pure; an item without a
// name, language or id, or with a category or status Meta does not document, is not importable.
import type { MetaTemplate } from "./meta-templates.ts";
import {
  type ParameterFormat,
  TEMPLATE_CATEGORIES,
  TEMPLATE_STATUSES,
  type TemplateCategory,
  type TemplateComponent,
  type TemplateRecord,
  type TemplateScope,
  type TemplateStatus,
} from "./template-records.ts";

const text = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const oneOf = <T extends string>(values: readonly T[], value: string): T | undefined =>
  (values as readonly string[]).includes(value) ? (value as T) : undefined;

export function recordOfMetaTemplate(
  scope: TemplateScope,
  item: MetaTemplate,
  nowMs: number,
): TemplateRecord | undefined {
  const templateId = text(item.id);
  const name = text(item.name);
  const language = text(item.language);
  const category = oneOf<TemplateCategory>(TEMPLATE_CATEGORIES, text(item.category));
  const status = oneOf<TemplateStatus>(TEMPLATE_STATUSES, text(item.status));
  if (!templateId || !name || !language || !category || !status) return undefined;
  const components = Array.isArray(item.components)
    ? item.components.filter(
        (c): c is TemplateComponent => typeof c === "object" && c !== null && typeof c.type === "string",
      )
    : [];
  const quality = item.quality_score as { score?: unknown } | undefined;
  const format: ParameterFormat = text(item.parameter_format).toUpperCase() === "NAMED" ? "NAMED" : "POSITIONAL";
  return {
    ...scope,
    templateId,
    name,
    language,
    category,
    previousCategory: text(item.previous_category),
    components,
    parameterFormat: format,
    allowCategoryChange: false,
    status,
    rejectedReason: status === "REJECTED" ? text(item.rejected_reason) || "NONE" : "NONE",
    qualityScore: text(quality?.score) || "UNKNOWN",
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
}
