// Reads a feed file as records with the line each starts on, streaming (a 100,000-row feed never
// sits in memory as one string of rows): CSV per RFC 4180 (quoted fields may hold commas, quotes
// and newlines; the first record names the columns), JSON Lines (one object per line), or a JSON
// array of objects (records numbered by their position, as its lines carry no meaning).
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { FeedRow } from "./feed-row.ts";

export interface FeedRecord {
  /** Where the record starts: the file's line for CSV and JSON Lines, the item number for arrays. */
  line: number;
  row: FeedRow | undefined;
  /** Why the record could not be read as a row (only when `row` is undefined). */
  error?: string;
}

export type FeedFormat = "csv" | "jsonl" | "json";

export function formatOf(path: string): FeedFormat {
  if (path.endsWith(".jsonl") || path.endsWith(".ndjson")) return "jsonl";
  if (path.endsWith(".json")) return "json";
  return "csv";
}

export async function* readFeed(path: string, format = formatOf(path)): AsyncGenerator<FeedRecord> {
  if (format === "json") {
    const items: unknown = JSON.parse(await readFile(path, "utf8"));
    if (!Array.isArray(items)) throw new Error("a JSON feed must be an array of objects");
    for (const [index, item] of items.entries()) yield recordOf(item, index + 1);
    return;
  }
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  if (format === "jsonl") {
    let line = 0;
    for await (const text of lines) {
      line += 1;
      if (text.trim() === "") continue;
      try {
        yield recordOf(JSON.parse(text), line);
      } catch {
        yield { line, row: undefined, error: "not a JSON object" };
      }
    }
    return;
  }
  yield* csvRecords(lines);
}

function recordOf(item: unknown, line: number): FeedRecord {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    return { line, row: undefined, error: "not a JSON object" };
  const row: Record<string, string> = {};
  for (const [key, value] of Object.entries(item))
    row[key] = value === null || value === undefined ? "" : String(value);
  return { line, row };
}

async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<FeedRecord> {
  let header: string[] | undefined;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 0;
  let start = 1;
  for await (const text of lines) {
    line += 1;
    if (!quoted) start = line;
    else field += "\n";
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted && c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (quoted && c === '"') {
        quoted = false;
      } else if (quoted) {
        field += c;
      } else if (c === '"' && field === "") {
        quoted = true;
      } else if (c === ",") {
        fields.push(field);
        field = "";
      } else {
        field += c;
      }
    }
    if (quoted) continue;
    fields.push(field);
    field = "";
    const record = fields;
    fields = [];
    if (record.length === 1 && record[0] === "") continue;
    if (!header) {
      header = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    if (record.length !== header.length) {
      yield { line: start, row: undefined, error: `expected ${header.length} fields, found ${record.length}` };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = record[i] ?? "";
    });
    yield { line: start, row };
  }
  if (quoted) yield { line: start, row: undefined, error: "unterminated quoted field" };
}
