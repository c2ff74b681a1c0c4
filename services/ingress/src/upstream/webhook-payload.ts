// Reads the envelope of Meta's webhook body (`object`, `entry[].id`, `entry[].changes[]` with
// `field` and `value`) and nothing deeper: each change's `value` stays the object Meta sent, so
// fields we do not know yet travel on untouched. Bodies that are not this shape are refused whole.
import { invalidParameter } from "../graph/graph-errors.ts";

export type JsonObject = Record<string, unknown>;

export interface WebhookChange {
  field: string;
  value: JsonObject;
}

export interface WebhookEntry {
  /** The WhatsApp Business Account id. */
  id: string;
  changes: WebhookChange[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or undefined. Numbers are accepted as Meta sometimes sends ids unquoted. */
export function stringField(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

export function objectsIn(object: JsonObject, key: string): JsonObject[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function parseWebhookBody(raw: Buffer): WebhookEntry[] {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalidParameter("Request body is not valid JSON");
  }
  if (!isObject(body) || !Array.isArray(body.entry)) {
    throw invalidParameter("Expected a webhook body with an entry array");
  }
  return body.entry.map((entry, index) => {
    const id = isObject(entry) ? stringField(entry, "id") : undefined;
    if (!isObject(entry) || id === undefined || !Array.isArray(entry.changes)) {
      throw invalidParameter(`entry[${index}] needs an id and a changes array`);
    }
    const changes = entry.changes.map((change, c) => {
      if (!isObject(change) || typeof change.field !== "string" || !isObject(change.value)) {
        throw invalidParameter(`entry[${index}].changes[${c}] needs a field and a value object`);
      }
      return { field: change.field, value: change.value };
    });
    return { id, changes };
  });
}

/** Unix seconds as Meta sends them ("1749416383") to milliseconds; `fallback` when absent. */
export function timestampMs(object: JsonObject, fallback: number): number {
  const seconds = Number(stringField(object, "timestamp"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : fallback;
}
