// A message template as Meta models it: one (name, language) translation of a business account
// (WABA), with its category, components, review status and quality. Components are kept as the
// business submitted them (Meta returns them the same way); what a send must supply is derived
// from them (template-variables.ts). Every record carries its tenant and business.
export const TEMPLATE_CATEGORIES = ["AUTHENTICATION", "MARKETING", "UTILITY"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Meta's template statuses; only APPROVED templates can be sent. */
export const TEMPLATE_STATUSES = [
  "PENDING",
  "APPROVED",
  "REJECTED",
  "PAUSED",
  "DISABLED",
  "FLAGGED",
  "IN_APPEAL",
  "PENDING_DELETION",
  "LIMIT_EXCEEDED",
  "ARCHIVED",
] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export type ParameterFormat = "POSITIONAL" | "NAMED";

export type TemplateComponent = { type: string } & { [key: string]: unknown };

export interface TemplateRecord {
  tenantId: string;
  businessId: string;
  /** Graph id (Meta's `id`, also the `hsm_id` of DELETE). */
  templateId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  /** The category before an upstream re-categorisation ("" when never changed). */
  previousCategory: string;
  components: TemplateComponent[];
  parameterFormat: ParameterFormat;
  /** Whether the business allowed the reviewer to change the category instead of rejecting. */
  allowCategoryChange: boolean;
  status: TemplateStatus;
  /** Meta's rejection reason ("NONE" unless rejected). */
  rejectedReason: string;
  /** Meta's quality rating: UNKNOWN until messages were sent, then GREEN, YELLOW or RED. */
  qualityScore: string;
  createdAtMs: number;
  updatedAtMs: number;
  /** When the template was edited while APPROVED, within Meta's 30-day window (simulated edits only). */
  approvedEditsMs?: number[];
}

/** The (tenant, business) a template belongs to: every store call is scoped by one. */
export interface TemplateScope {
  tenantId: string;
  businessId: string;
}

/** The key of one translation within its business; also what sends name. */
export interface TemplateKey {
  name: string;
  language: string;
}
