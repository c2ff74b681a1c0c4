// What a template's components ask of a send, derived from the components as submitted: the
// header's kind and variables, the body's variables ({{1}}… positional or {{name}} named; an
// authentication template's fixed body has one, the code), and which buttons take a parameter. Pure; used by creation (to check the variables are well
// formed) and by the send check (to compare a send's parameters with them).
import type { TemplateComponent } from "./template-records.ts";

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The variable names in `text`, in order of first appearance, each once. */
export function variablesIn(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1] ?? ""))];
}

export type HeaderKind = "none" | "text" | "image" | "video" | "document" | "location";

export interface ButtonNeed {
  index: number;
  /** Meta's button type, upper case (QUICK_REPLY, URL, COPY_CODE, FLOW, OTP, CATALOG, MPM, …). */
  type: string;
  /** Whether a send must supply a parameter for it (a URL with a variable). */
  requiresParameter: boolean;
}

export interface TemplateNeeds {
  header: HeaderKind;
  headerVariables: string[];
  bodyVariables: string[];
  buttons: ButtonNeed[];
}

const typeOf = (component: TemplateComponent) => String(component.type).toUpperCase();

export function componentOf(components: readonly TemplateComponent[], type: string): TemplateComponent | undefined {
  return components.find((component) => typeOf(component) === type);
}

function headerKind(header: TemplateComponent | undefined): HeaderKind {
  if (!header) return "none";
  const format = String(header.format ?? "TEXT").toLowerCase();
  return format === "image" || format === "video" || format === "document" || format === "location" ? format : "text";
}

function buttonNeeds(component: TemplateComponent | undefined): ButtonNeed[] {
  const buttons = Array.isArray(component?.buttons) ? component.buttons : [];
  return buttons.map((button: unknown, index) => {
    const fields = typeof button === "object" && button !== null ? (button as Record<string, unknown>) : {};
    const type = String(fields.type ?? "").toUpperCase();
    // An authentication template's OTP button always takes the code, like a URL with a variable.
    const requiresParameter = type === "OTP" || (type === "URL" && variablesIn(fields.url).length > 0);
    return { index, type, requiresParameter };
  });
}

export function templateNeeds(components: readonly TemplateComponent[], category: string): TemplateNeeds {
  const header = componentOf(components, "HEADER");
  const kind = headerKind(header);
  const body = componentOf(components, "BODY");
  return {
    header: kind,
    headerVariables: kind === "text" ? variablesIn(header?.text) : [],
    // Meta writes an authentication template's body itself ("{{1}} is your verification code").
    bodyVariables: category === "AUTHENTICATION" && typeof body?.text !== "string" ? ["1"] : variablesIn(body?.text),
    buttons: buttonNeeds(componentOf(components, "BUTTONS")),
  };
}
