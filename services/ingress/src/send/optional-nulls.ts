// Meta reads an explicit `null` at an optional field as "absent", and widely used clients rely on
// it (dataclass-based Python clients send every unset field as null). This walks a request body
// along the schema that will validate it and drops each null sitting at a field the schema marks
// optional, so every message family follows the rule without per-field patches. It never touches
// other nulls: at a required field (reported as missing), as an array item, or inside a free-form
// object such as a Flow's `data`, where null is the business's own value. Never mutates its input.
import { safeParse, type z } from "zod";

type Schema = z.core.$ZodType;
type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function withoutOptionalNulls(schema: Schema, value: unknown): unknown {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return withoutOptionalNulls(def.innerType, value);
    case "pipe":
      return withoutOptionalNulls(def.in, value);
    case "lazy":
      return withoutOptionalNulls(def.getter(), value);
    case "array":
      return Array.isArray(value) ? value.map((item) => withoutOptionalNulls(def.element, item)) : value;
    case "object":
      return isObject(value) ? objectWithoutOptionalNulls(def.shape, value) : value;
    case "union":
      return unionWithoutOptionalNulls(schema as z.core.$ZodUnion, value);
    default:
      return value;
  }
}

function objectWithoutOptionalNulls(shape: Readonly<Record<string, Schema>>, value: JsonObject): JsonObject {
  const entries: [string, unknown][] = [];
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (fieldSchema === undefined)
      entries.push([key, field]); // unknown keys: the schema decides
    else if (field !== null || fieldSchema._zod.optin === undefined) {
      entries.push([key, withoutOptionalNulls(fieldSchema, field)]);
    }
  }
  // fromEntries defines own properties, so a `__proto__` key stays data, never a prototype.
  return Object.fromEntries(entries);
}

/**
 * A discriminated union walks the option its discriminator names (valid or not, so refusals
 * still see the nulls dropped); any other union the first option that accepts the cleaned value.
 */
function unionWithoutOptionalNulls(union: z.core.$ZodUnion, value: unknown): unknown {
  if (!isObject(value) && !Array.isArray(value)) return value;
  const { options } = union._zod.def;
  const discriminator = (union._zod.def as Partial<z.core.$ZodDiscriminatedUnionDef>).discriminator;
  if (discriminator !== undefined && isObject(value)) {
    const tag = value[discriminator] as z.core.util.Primitive;
    const named = options.find((option) => option._zod.propValues?.[discriminator]?.has(tag));
    return named ? withoutOptionalNulls(named, value) : value;
  }
  for (const option of options) {
    const cleaned = withoutOptionalNulls(option, value);
    if (safeParse(option, cleaned).success) return cleaned;
  }
  return value;
}
