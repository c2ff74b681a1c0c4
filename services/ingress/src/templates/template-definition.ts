// Parses the body of `POST /{version}/{waba_id}/message_templates` as Meta validates it: a name of
// lower-case letters, digits and underscores, a language code, one of Meta's three categories and
// components with exactly one BODY, at most one HEADER, FOOTER and BUTTONS, and variables that are
// well formed for the parameter format (positional {{1}}…{{n}} without gaps, or named
// {{snake_case}}). Any problem is error 100 with the field in its details, and nothing is stored.
import { z } from "zod";
import type { GraphError } from "../graph/graph-error.ts";
import { invalidParameter } from "../graph/graph-errors.ts";
import { unstorableKeyPath } from "../graph/storable-keys.ts";
import {
  type ParameterFormat,
  TEMPLATE_CATEGORIES,
  type TemplateCategory,
  type TemplateComponent,
} from "./template-records.ts";
import { componentOf, variablesIn } from "./template-variables.ts";

export interface TemplateDefinition {
  name: string;
  language: string;
  category: TemplateCategory;
  components: TemplateComponent[];
  parameterFormat: ParameterFormat;
  allowCategoryChange: boolean;
}

export const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
export const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/;
const COMPONENT_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS"] as const;
const HEADER_FORMATS = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"] as const;
const upper = (value: unknown) => (typeof value === "string" ? value.toUpperCase() : value);

const button = z.looseObject({ type: z.preprocess(upper, z.string().regex(/^[A-Z_]{2,32}$/)) });

const component = z.looseObject({
  type: z.preprocess(upper, z.enum(COMPONENT_TYPES)),
  format: z.preprocess(upper, z.enum(HEADER_FORMATS)).optional(),
  text: z.string().min(1).max(1024).optional(),
  buttons: z.array(button).min(1).max(10).optional(),
});

const definition = z.object({
  name: z.string().regex(TEMPLATE_NAME, "must be at most 512 lower-case letters, digits or underscores"),
  language: z.string().regex(LANGUAGE_CODE, "must be a language code such as en_US"),
  category: z.preprocess(upper, z.enum(TEMPLATE_CATEGORIES)),
  components: z.array(component).min(1).max(4),
  parameter_format: z.preprocess(upper, z.enum(["POSITIONAL", "NAMED"])).optional(),
  allow_category_change: z.boolean().optional(),
});

const LIMITS: Record<string, number> = { HEADER: 60, BODY: 1024, FOOTER: 60 };

function checkVariables(components: readonly TemplateComponent[], format: ParameterFormat): string | undefined {
  for (const type of ["HEADER", "BODY"]) {
    const found = componentOf(components, type);
    const names = variablesIn(found?.text);
    if (type === "HEADER" && names.length > 1) return "components.HEADER.text: at most one variable";
    if (format === "NAMED" && names.some((name) => !/^[a-z][a-z0-9_]*$/.test(name))) {
      return `components.${type}.text: named variables must be lower-case names such as {{first_name}}`;
    }
    if (format === "POSITIONAL" && names.some((name, i) => name !== String(i + 1))) {
      return `components.${type}.text: positional variables must be {{1}}, {{2}}, … in order`;
    }
  }
  return undefined;
}

function checkComponents(components: readonly TemplateComponent[], category: TemplateCategory): string | undefined {
  for (const type of COMPONENT_TYPES) {
    if (components.filter((c) => c.type === type).length > 1) return `components: at most one ${type}`;
  }
  const body = componentOf(components, "BODY");
  if (!body) return "components: a BODY is required";
  // Authentication templates have Meta's fixed body text; others must say something.
  if (category !== "AUTHENTICATION" && typeof body.text !== "string") return "components.BODY.text is required";
  for (const c of components) {
    const limit = LIMITS[c.type];
    if (limit !== undefined && typeof c.text === "string" && c.text.length > limit) {
      return `components.${c.type}.text: must be at most ${limit} characters`;
    }
    if (c.type === "HEADER" && (c.format ?? "TEXT") === "TEXT" && typeof c.text !== "string") {
      return "components.HEADER.text is required for a TEXT header";
    }
    if (c.type === "BUTTONS" && !Array.isArray(c.buttons)) return "components.BUTTONS.buttons is required";
  }
  return undefined;
}

export function parseTemplateDefinition(input: unknown): TemplateDefinition {
  const parsed = definition.safeParse(input);
  if (!parsed.success) throw definitionError(parsed.error);
  const body = parsed.data;
  const components = body.components as TemplateComponent[];
  const parameterFormat = body.parameter_format ?? "POSITIONAL";
  const unstorable = unstorableKeyPath(components, "components");
  const problem =
    (unstorable && `${unstorable}: keys must not start with $ or contain a dot`) ??
    checkComponents(components, body.category) ??
    checkVariables(components, parameterFormat);
  if (problem) throw invalidParameter(problem);
  return {
    name: body.name,
    language: body.language,
    category: body.category,
    components,
    parameterFormat,
    allowCategoryChange: body.allow_category_change ?? false,
  };
}

function definitionError(error: z.ZodError): GraphError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".") || "(body)";
  return invalidParameter(`${path}: ${issue?.message ?? "is not valid"}`);
}
