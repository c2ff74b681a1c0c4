// Test fixtures that send templates create the template they send with this: an APPROVED
// translation written straight into the business's TemplateStore, as if the upstream had reviewed
// it. Components are Meta's creation format; `templateFor` derives them from a send's parameters.
import { newGraphId } from "../../src/graph/graph-ids.ts";
import type { TemplateComponent, TemplateRecord, TemplateScope } from "../../src/templates/template-records.ts";
import type { TemplateStore } from "../../src/templates/template-store.ts";

export async function approveTemplate(
  store: Pick<TemplateStore, "create">,
  scope: TemplateScope,
  template: { name: string; language: string; components: TemplateComponent[]; category?: TemplateRecord["category"] },
): Promise<TemplateRecord> {
  const record: TemplateRecord = {
    ...scope,
    templateId: newGraphId(),
    name: template.name,
    language: template.language,
    category: template.category ?? "UTILITY",
    previousCategory: "",
    components: template.components,
    parameterFormat: "POSITIONAL",
    allowCategoryChange: false,
    status: "APPROVED",
    rejectedReason: "NONE",
    qualityScore: "UNKNOWN",
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  };
  if (!(await store.create(scope, record))) throw new Error(`template ${template.name} exists already`);
  return record;
}

/** `{{1}} … {{n}}`: a body text with n positional variables. */
export const withVariables = (n: number) =>
  Array.from({ length: n }, (_, i) => `{{${i + 1}}}`).join(" ") || "A text without variables";

interface SentTemplate {
  template: {
    name: string;
    language: { code: string };
    components?: readonly {
      type: string;
      sub_type?: string;
      index?: string | number;
      parameters?: readonly { type: string }[];
    }[];
  };
}

const BUTTON_TYPES: Record<string, string> = {
  quick_reply: "QUICK_REPLY",
  url: "URL",
  copy_code: "COPY_CODE",
  flow: "FLOW",
  catalog: "CATALOG",
};

/**
 * Approves the template a fixture's send names, with components derived from the send's own
 * parameters (a header of the header parameter's kind, a body with one variable per body
 * parameter, a button of the right type at each button index), so the send fits it exactly.
 */
export function approveTemplateFor(
  store: Pick<TemplateStore, "create">,
  scope: TemplateScope,
  send: SentTemplate,
): Promise<TemplateRecord> {
  const sent = send.template.components ?? [];
  const components: TemplateComponent[] = [];
  const header = sent.find((c) => c.type === "header")?.parameters?.[0];
  if (header) {
    components.push(
      header.type === "text"
        ? { type: "HEADER", format: "TEXT", text: "{{1}}" }
        : { type: "HEADER", format: header.type.toUpperCase() },
    );
  }
  components.push({ type: "BODY", text: withVariables(sent.find((c) => c.type === "body")?.parameters?.length ?? 0) });
  const buttons = sent.filter((c) => c.type === "button");
  if (buttons.length > 0) {
    const byIndex = new Map(buttons.map((b) => [Number(b.index), b]));
    const count = Math.max(...byIndex.keys()) + 1;
    components.push({
      type: "BUTTONS",
      buttons: Array.from({ length: count }, (_, i) => {
        const type = BUTTON_TYPES[byIndex.get(i)?.sub_type ?? "quick_reply"] ?? "QUICK_REPLY";
        return type === "URL"
          ? { type, text: `Button ${i}`, url: "https://example.test/{{1}}" }
          : { type, text: `Button ${i}` };
      }),
    });
  }
  return approveTemplate(store, scope, { name: send.template.name, language: send.template.language.code, components });
}
