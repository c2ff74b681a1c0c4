// Reads Meta's template webhooks — `message_template_status_update` (review outcome, pause,
// disable, reinstatement), `template_category_update` and `message_template_quality_update` — into
// the change they make to the translation they name. Pure; events it does not know change nothing.
import { TEMPLATE_CATEGORIES, TEMPLATE_STATUSES, type TemplateKey, type TemplateStatus } from "./template-records.ts";
import type { TemplateChange } from "./template-store.ts";

export const TEMPLATE_STATUS_FIELD = "message_template_status_update";
export const TEMPLATE_CATEGORY_FIELD = "template_category_update";
export const TEMPLATE_QUALITY_FIELD = "message_template_quality_update";
export const TEMPLATE_FIELDS: ReadonlySet<string> = new Set([
  TEMPLATE_STATUS_FIELD,
  TEMPLATE_CATEGORY_FIELD,
  TEMPLATE_QUALITY_FIELD,
]);

export interface TemplateNotification {
  key: TemplateKey;
  /** Meta's id of the template, as a string ("" when the webhook had none). */
  templateId: string;
  change: TemplateChange;
}

const string = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

function statusOf(event: string): TemplateStatus | undefined {
  if (event === "REINSTATED") return "APPROVED";
  return (TEMPLATE_STATUSES as readonly string[]).includes(event) ? (event as TemplateStatus) : undefined;
}

function changeOf(field: string, value: Record<string, unknown>): TemplateChange | undefined {
  if (field === TEMPLATE_STATUS_FIELD) {
    const status = statusOf(string(value.event));
    if (!status) return undefined;
    return { status, rejectedReason: status === "REJECTED" ? string(value.reason) || "NONE" : "NONE" };
  }
  if (field === TEMPLATE_CATEGORY_FIELD) {
    const category = string(value.new_category);
    if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) return undefined;
    return {
      category: category as TemplateChange["category"] & string,
      previousCategory: string(value.previous_category),
    };
  }
  if (field === TEMPLATE_QUALITY_FIELD) {
    const score = string(value.new_quality_score);
    return score ? { qualityScore: score } : undefined;
  }
  return undefined;
}

export function readTemplateNotification(field: string, value: unknown): TemplateNotification | undefined {
  if (!TEMPLATE_FIELDS.has(field) || typeof value !== "object" || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const name = string(fields.message_template_name);
  const language = string(fields.message_template_language);
  const change = changeOf(field, fields);
  if (!name || !language || !change) return undefined;
  return { key: { name, language }, templateId: string(fields.message_template_id), change };
}
