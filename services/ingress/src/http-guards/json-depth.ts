// Bounded nesting of JSON bodies: free-form fields (template components, interactive payloads,
// metadata) are copied into events, documents and logs by code that recurses, so a body nested
// thousands of levels deep must be refused as a parameter error (Graph 100) before any handler
// sees it, never reach a stack overflow or a store's nesting limit as a 500. The walk is iterative.
import type { FastifyInstance } from "fastify";
import { invalidParameter } from "../graph/graph-errors.ts";

export const MAX_JSON_DEPTH = 32;

/** True when `value` nests objects or arrays deeper than `maxDepth` levels. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, depth } = next;
    if (node === null || typeof node !== "object") continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

export function registerJsonDepthLimit(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  app.addHook("preValidation", async (request) => {
    const body = request.body;
    if (body === null || typeof body !== "object" || Buffer.isBuffer(body)) return;
    if (nestsDeeperThan(body, maxDepth))
      throw invalidParameter(`The request body nests deeper than ${maxDepth} levels`);
  });
}
