// Every route a fastify instance serves, read from fastify's own route tree (printRoutes), as
// `METHOD /path` keys with parameter names folded to `:id` (fastify prints parameters that share a
// position as `:a|:b`) and route constraints appended. The fuzz and isolation suites compare this
// list with their tables, so a route added anywhere without a generator or a probe fails them.
import type { IngressService } from "../../services/ingress/src/ingress-service.ts";

const LINE = /^((?:[│ ] {3}|[├└]── )*)(\S.*?) \(([A-Z, ]+)\)(?: (\{.*\}))?$/;

export function servedRoutes(app: IngressService["http"]): string[] {
  const keys = new Set<string>();
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    // A continuation line (same node, other constraints) has only spaces where the branch would be.
    const match = LINE.exec(line.replace(/^ {4}(?=\/)/, "└── "));
    if (!match) continue;
    const [, indent = "", segment = "", methods = "", constraints] = match;
    const depth = indent.length / 4;
    const path = (parents[depth - 1] ?? "") + segment;
    parents[depth] = path;
    parents.length = depth + 1;
    const normalized = path.replace(/:[A-Za-z]+(?:\|:[A-Za-z]+)*/g, (param) => (param === ":version" ? param : ":id"));
    const suffix = constraints ? ` ${constraintKey(constraints)}` : "";
    for (const method of methods.split(", ")) if (method !== "HEAD") keys.add(`${method} ${normalized}${suffix}`);
  }
  return [...keys].sort();
}

function constraintKey(json: string): string {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return `[${Object.entries(parsed)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(",")}]`;
}
