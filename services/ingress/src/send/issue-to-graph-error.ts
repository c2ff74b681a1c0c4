// Turns the first schema issue into the Graph error Meta returns for it: a field that is absent
// (or null, which means the same) is 131008 (required parameter missing), a present field with a
// bad value is 131009. Details name the field by its dotted path; they never echo the submitted
// value.
import type { z } from "zod";
import type { GraphError } from "../graph/graph-error.ts";
import { invalidParameterValue, missingParameter } from "../graph/graph-errors.ts";

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function issueToGraphError(input: unknown, error: z.ZodError): GraphError {
  const issue = error.issues[0];
  if (!issue) return invalidParameterValue("the request is not valid");
  const path = issue.path.map(String).join(".") || "(body)";
  const reportedMissing = issue.code === "custom" && (issue.params as { missing?: unknown } | undefined)?.missing;
  if (reportedMissing) return missingParameter(`${path}: ${issue.message}`);
  const value = valueAt(input, issue.path);
  if (value === undefined || value === null) return missingParameter(`${path} is required`);
  return invalidParameterValue(`${path}: ${issue.message}`);
}
