// A template as Meta's Graph API returns it from `message_templates`: by default id, name,
// parameter_format, components, language, status and category (plus previous_category once the
// category changed, and rejected_reason when rejected); `fields` selects any of those and
// quality_score / rejected_reason explicitly. Never tenant or internal fields.
import type { TemplateRecord } from "./template-records.ts";

export const TEMPLATE_FIELD_NAMES = [
  "id",
  "name",
  "language",
  "category",
  "previous_category",
  "components",
  "status",
  "parameter_format",
  "quality_score",
  "rejected_reason",
] as const;
export type TemplateField = (typeof TEMPLATE_FIELD_NAMES)[number];

const DEFAULT_FIELDS: readonly TemplateField[] = [
  "name",
  "parameter_format",
  "components",
  "language",
  "status",
  "category",
  "id",
];

function fieldValue(record: TemplateRecord, field: TemplateField): unknown {
  switch (field) {
    case "id":
      return record.templateId;
    case "name":
      return record.name;
    case "language":
      return record.language;
    case "category":
      return record.category;
    case "previous_category":
      return record.previousCategory || undefined;
    case "components":
      return record.components;
    case "status":
      return record.status;
    case "parameter_format":
      return record.parameterFormat;
    case "quality_score":
      return { score: record.qualityScore, date: Math.floor(record.updatedAtMs / 1000) };
    case "rejected_reason":
      return record.rejectedReason;
  }
}

export function templateView(record: TemplateRecord, fields?: readonly TemplateField[]): Record<string, unknown> {
  const chosen: readonly TemplateField[] = fields ?? [
    ...DEFAULT_FIELDS,
    ...(record.previousCategory ? (["previous_category"] as const) : []),
    ...(record.status === "REJECTED" ? (["rejected_reason"] as const) : []),
  ];
  const view: Record<string, unknown> = {};
  for (const field of chosen) {
    const value = fieldValue(record, field);
    if (value !== undefined) view[field] = value;
  }
  // Graph always returns the id, whatever `fields` asked for.
  view.id = record.templateId;
  return view;
}
