// Parses Graph's field-expansion syntax for the WABA analytics fields:
//   analytics.start(1717200000).end(1717286400).granularity(DAY).phone_numbers(["123"])
//   pricing_analytics.start(…).end(…).granularity(DAILY).dimensions(["PRICING_CATEGORY"])
//   conversation_analytics.start(…).end(…).granularity(MONTHLY).dimensions([…])
//   volume_analytics.start(…).end(…).granularity(HALF_HOUR).dimensions(["HOSTING_MODE","ENCRYPTION_STATE"])
// (the last is ours: every measure, cut by hosting mode and encryption state). Several fields may
// be asked at once, comma separated. Anything malformed is refused with Graph's 100, naming what.
import { invalidParameter } from "../graph/graph-errors.ts";
import type { AnalyticsGranularity } from "./analytics-reader.ts";

export type AnalyticsField = "analytics" | "pricing_analytics" | "conversation_analytics" | "volume_analytics";

export interface FieldRequest {
  field: AnalyticsField;
  fromMs: number;
  toMs: number;
  granularity: AnalyticsGranularity;
  /** As the business wrote it (HALF_HOUR, DAY, DAILY, …), echoed back. */
  granularityName: string;
  phoneNumbers: string[];
  countryCodes: string[];
  /** Meta's dimension names, upper case. */
  dimensions: string[];
}

const FIELDS = new Set<string>(["analytics", "pricing_analytics", "conversation_analytics", "volume_analytics"]);
const GRANULARITIES: Record<string, AnalyticsGranularity> = {
  HALF_HOUR: "half_hour",
  HOUR: "hour",
  DAY: "day",
  DAILY: "day",
  MONTH: "month",
  MONTHLY: "month",
};

/** True when `fields` asks for an analytics field (how the route tells itself from media reads). */
export function asksForAnalytics(fields: string | undefined): boolean {
  return (
    fields !== undefined &&
    /^\s*(analytics|pricing_analytics|conversation_analytics|volume_analytics)[.,\s]*/.test(fields)
  );
}

/** Splits on commas outside parentheses and brackets. */
function topLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(" || ch === "[") depth++;
    if (ch === ")" || ch === "]") depth--;
    if (ch === separator && depth === 0) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  if (depth !== 0) throw invalidParameter("fields: unbalanced parentheses");
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

function listOf(argument: string, what: string): string[] {
  try {
    const parsed = JSON.parse(argument.replace(/'/g, '"')) as unknown;
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === "string" || typeof v === "number")) {
      return parsed.map(String);
    }
  } catch {
    // refused below
  }
  throw invalidParameter(`fields: ${what} must be a JSON list`);
}

function secondsOf(argument: string, what: string): number {
  if (!/^\d{1,12}$/.test(argument)) throw invalidParameter(`fields: ${what} must be a Unix timestamp in seconds`);
  return Number(argument) * 1000;
}

export function parseAnalyticsFields(fields: string): FieldRequest[] {
  return topLevel(fields, ",").map((expression) => {
    const [name, ...modifiers] = topLevel(expression, ".");
    if (!name || !FIELDS.has(name)) throw invalidParameter(`fields: unknown field ${JSON.stringify(name ?? "")}`);
    const args = new Map<string, string>();
    for (const modifier of modifiers) {
      const match = /^([a-z_]+)\((.*)\)$/s.exec(modifier);
      if (!match) throw invalidParameter(`fields: malformed modifier ${JSON.stringify(modifier)}`);
      args.set(match[1] as string, (match[2] as string).trim());
    }
    const start = args.get("start");
    const end = args.get("end");
    if (start === undefined || end === undefined) throw invalidParameter(`fields: ${name} needs start() and end()`);
    const granularityName = (args.get("granularity") ?? "DAY").toUpperCase();
    const granularity = GRANULARITIES[granularityName];
    if (!granularity) throw invalidParameter(`fields: unknown granularity ${granularityName}`);
    const list = (key: string) => (args.has(key) ? listOf(args.get(key) as string, key) : []);
    return {
      field: name as AnalyticsField,
      fromMs: secondsOf(start, "start"),
      toMs: secondsOf(end, "end"),
      granularity,
      granularityName,
      phoneNumbers: list("phone_numbers"),
      countryCodes: list("country_codes"),
      dimensions: list("dimensions").map((d) => d.toUpperCase()),
    };
  });
}
