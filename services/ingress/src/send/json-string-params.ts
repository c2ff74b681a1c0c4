// Graph reads a parameter whose value must be an object or an array from a JSON-encoded string as
// well (form posts and many SDKs send them that way: whatsapp-api-js sends `"contacts": "[…]"`).
// This decodes such strings at the top level of a send body, only where the schema that validates
// it expects an object or an array, so a string where a string belongs (`text.body`) is never
// touched. A string that is not valid JSON is 131009 naming the field; a decoded value of the wrong
// kind is left to the schema, which reports it like any other bad value. Never mutates its input.
import type { z } from "zod";
import { invalidParameterValue } from "../graph/graph-errors.ts";

type Schema = z.core.$ZodType;
type JsonObject = Record<string, unknown>;

const STRUCTURED = new Set(["object", "array", "record", "tuple"]);

/** The schema with its optional / default / pipe wrappers taken off. */
function unwrapped(schema: Schema): Schema {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return unwrapped(def.innerType);
    case "pipe":
      return unwrapped(def.in);
    case "lazy":
      return unwrapped(def.getter());
    default:
      return schema;
  }
}

/** Whether the schema only accepts objects or arrays (a union counts when all its options do). */
export function expectsStructure(schema: Schema): boolean {
  const inner = unwrapped(schema);
  const def = (inner as z.core.$ZodTypes)._zod.def;
  if (def.type === "union") return def.options.every((option) => expectsStructure(option));
  if (def.type === "intersection") return expectsStructure(def.left) && expectsStructure(def.right);
  return STRUCTURED.has(def.type);
}

/** The string decoded as JSON, or 131009 naming `field`. */
export function decodeJsonParam(field: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameterValue(`${field}: expected an object or an array, or one encoded as a JSON string`);
  }
}

/** The top-level object shape of a message family's schema, if it has one. */
function shapeOf(schema: Schema): Readonly<Record<string, Schema>> | undefined {
  const def = (unwrapped(schema) as z.core.$ZodTypes)._zod.def;
  return def.type === "object" ? def.shape : undefined;
}

export function withDecodedJsonParams(schema: Schema, body: JsonObject): JsonObject {
  const shape = shapeOf(schema);
  if (!shape) return body;
  const entries = Object.entries(body).map(([key, value]): [string, unknown] => {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (typeof value !== "string" || field === undefined || !expectsStructure(field)) return [key, value];
    return [key, decodeJsonParam(key, value)];
  });
  // fromEntries defines own properties, so a `__proto__` key stays data, never a prototype.
  return Object.fromEntries(entries);
}
