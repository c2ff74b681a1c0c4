// Turns a well-formed request of the route table into a hostile one: a JSON leaf of the wrong kind,
// an injected or duplicated key, a truncated or garbage body, a wrong content type, a hostile path
// segment or query parameter, bad credentials, a body that arrives slowly in pieces. JSON bodies
// are mutated as text (placeholders replaced after JSON.stringify), so the result can hold what no
// JS object holds: duplicate keys, `__proto__` as a key, nesting of any depth.
import fc from "fast-check";
import type { ProbeRequest } from "../support/route-table.ts";
import { hostileJsonText, hostileKey, hostileString } from "./hostile-values.ts";

export type Mutation =
  | { kind: "none" }
  | { kind: "leaf"; pick: number; text: string }
  | { kind: "key"; pick: number; key: string; text: string }
  | { kind: "duplicate-key"; pick: number; text: string }
  | { kind: "whole-body"; text: string }
  | { kind: "truncate"; fraction: number }
  | { kind: "garbage"; bytes: Uint8Array }
  | { kind: "content-type"; contentType: string | undefined }
  | { kind: "path-segment"; pick: number; value: string }
  | { kind: "query"; key: string; value: string }
  | { kind: "auth"; header: string | undefined }
  | { kind: "slow"; pieces: number }
  | { kind: "signature"; header: string | undefined };

const CONTENT_TYPES = [
  undefined,
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "multipart/form-data",
  "application/json; charset=utf-16",
  "application/json; charset=\uD800",
  "application/octet-stream",
  "application/jsonx",
  "*/*",
  "",
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("leaf" as const), pick: fc.nat(), text: hostileJsonText }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("key" as const), pick: fc.nat(), key: hostileKey, text: hostileJsonText }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("duplicate-key" as const), pick: fc.nat(), text: hostileJsonText }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("whole-body" as const), text: hostileJsonText }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("truncate" as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("garbage" as const), bytes: fc.uint8Array({ maxLength: 512 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("content-type" as const),
      contentType: fc.constantFrom(...CONTENT_TYPES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("path-segment" as const), pick: fc.nat(), value: hostileString }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("query" as const),
      key: fc.oneof(hostileKey, fc.constantFrom("limit", "after", "fields", "name", "handle", "phone_number_id")),
      value: hostileString,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("auth" as const),
      header: fc.oneof(
        fc.constantFrom(undefined, "", "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer sbt_", "bearer"),
        hostileString.map((s) => `Bearer ${s}`),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("slow" as const), pieces: fc.integer({ min: 2, max: 12 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("signature" as const),
      header: fc.oneof(
        fc.constantFrom(undefined, "", "sha256=", "sha1=abc", `sha256=${"0".repeat(64)}`, `sha256=${"g".repeat(64)}`),
        hostileString.map((s) => `sha256=${s}`),
      ),
    }),
  },
);

export interface ConcreteRequest {
  method: ProbeRequest["method"];
  url: string;
  headers: Record<string, string>;
  /** The bytes as sent (and signed); `slowPieces` set when they arrive in pieces. */
  bytes: Buffer | undefined;
  slowPieces?: number;
  /** An explicit X-Hub-Signature-256 (or its absence): otherwise the sender signs the bytes. */
  signature?: { header: string | undefined };
}

const PLACEHOLDER = "\u0000fuzz-placeholder\u0000";
const PLACEHOLDER_KEY = "\u0000fuzz-key\u0000";

/** Paths of every node of a JSON value, root first. */
function nodePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const paths = [path];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) paths.push(...nodePaths(item, [...path, i]));
  } else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) paths.push(...nodePaths(v, [...path, k]));
  return paths;
}

function nodeAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = nodeAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = value;
  return root;
}

const objectPaths = (value: unknown) =>
  nodePaths(value).filter((p) => {
    const node = nodeAt(value, p);
    return typeof node === "object" && node !== null && !Array.isArray(node);
  });

function mutateJson(body: unknown, mutation: Mutation): string | undefined {
  const copy = structuredClone(body);
  const text = (value: unknown) => JSON.stringify(value);
  switch (mutation.kind) {
    case "leaf": {
      const paths = nodePaths(copy);
      const path = paths[mutation.pick % paths.length] ?? [];
      return text(setAt(copy, path, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), mutation.text);
    }
    case "key":
    case "duplicate-key": {
      const paths = objectPaths(copy);
      if (paths.length === 0) return undefined;
      const node = nodeAt(copy, paths[mutation.pick % paths.length] ?? []) as Record<string, unknown>;
      const keys = Object.keys(node);
      const key = mutation.kind === "key" ? mutation.key : keys[mutation.pick % Math.max(keys.length, 1)];
      if (key === undefined) return undefined;
      node[PLACEHOLDER_KEY] = PLACEHOLDER;
      return text(copy)
        .replace(JSON.stringify(PLACEHOLDER_KEY), JSON.stringify(key))
        .replace(JSON.stringify(PLACEHOLDER), mutation.text);
    }
    default:
      return undefined;
  }
}

function withPathSegment(url: string, pick: number, value: string): string {
  const [path = "", query] = url.split("?", 2);
  const segments = path.split("/");
  const index = 1 + (pick % Math.max(segments.length - 1, 1));
  segments[index] = percentEncoded(value);
  return query === undefined ? segments.join("/") : `${segments.join("/")}?${query}`;
}

/**
 * Percent-encoding that also carries lone surrogates (as their WTF-8 bytes, which are not valid
 * UTF-8), where encodeURIComponent throws: a client can put those bytes on the wire.
 */
function percentEncoded(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else out += encodeURIComponent(char);
  }
  return out;
}

export function applyMutation(
  base: ProbeRequest,
  headers: Record<string, string>,
  mutation: Mutation,
): ConcreteRequest {
  const json = base.body !== undefined && !Buffer.isBuffer(base.body);
  const baseBytes =
    base.body === undefined
      ? undefined
      : Buffer.isBuffer(base.body)
        ? base.body
        : Buffer.from(JSON.stringify(base.body));
  const contentType = base.contentType ?? (json ? "application/json" : undefined);
  const request: ConcreteRequest = {
    method: base.method,
    url: base.url,
    headers: { ...headers, ...(contentType ? { "content-type": contentType } : {}) },
    bytes: baseBytes,
  };
  const asJson = (bytes: Buffer) => {
    request.bytes = bytes;
    request.headers["content-type"] ??= "application/json";
  };
  switch (mutation.kind) {
    case "none":
      break;
    case "leaf":
    case "key":
    case "duplicate-key": {
      const mutated = json ? mutateJson(base.body, mutation) : undefined;
      if (mutated !== undefined) request.bytes = Buffer.from(mutated);
      else if (baseBytes && mutation.kind === "leaf") {
        // A byte body (multipart, a signed webhook): hostile text spliced in at some position.
        const at = mutation.pick % (baseBytes.length + 1);
        request.bytes = Buffer.concat([baseBytes.subarray(0, at), Buffer.from(mutation.text), baseBytes.subarray(at)]);
      } else asJson(Buffer.from(mutation.text));
      break;
    }
    case "whole-body":
      asJson(Buffer.from(mutation.text));
      break;
    case "truncate":
      if (baseBytes) request.bytes = baseBytes.subarray(0, Math.floor(baseBytes.length * mutation.fraction));
      else asJson(Buffer.from('{"a":'));
      break;
    case "garbage":
      request.bytes = Buffer.from(mutation.bytes);
      request.headers["content-type"] ??= "application/json";
      break;
    case "content-type":
      request.bytes ??= Buffer.from("{}");
      if (mutation.contentType === undefined) delete request.headers["content-type"];
      else request.headers["content-type"] = mutation.contentType;
      break;
    case "path-segment":
      request.url = withPathSegment(base.url, mutation.pick, mutation.value);
      break;
    case "query": {
      const separator = base.url.includes("?") ? "&" : "?";
      request.url = `${base.url}${separator}${percentEncoded(mutation.key)}=${percentEncoded(mutation.value)}`;
      break;
    }
    case "auth":
      if (mutation.header === undefined) delete request.headers.authorization;
      else request.headers.authorization = mutation.header;
      break;
    case "slow":
      request.bytes ??= Buffer.from("{}");
      request.slowPieces = mutation.pieces;
      break;
    case "signature":
      request.signature = { header: mutation.header };
      break;
  }
  return request;
}
