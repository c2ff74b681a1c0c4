// Meta's Graph error shape, which every HTTP error of ingress must have:
// `{error:{message,type,code,error_subcode?,fbtrace_id}}`. Returns what is wrong, or undefined.
export function graphErrorShapeProblem(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 120)}`;
  }
  const error = (parsed as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (typeof error !== "object" || error === null) return `no error object: ${body.slice(0, 120)}`;
  if (typeof error.message !== "string") return "error.message is not a string";
  if (typeof error.type !== "string") return "error.type is not a string";
  if (typeof error.code !== "number") return "error.code is not a number";
  if (typeof error.fbtrace_id !== "string" || error.fbtrace_id === "") return "error.fbtrace_id is missing";
  if (error.error_subcode !== undefined && typeof error.error_subcode !== "number")
    return "error.error_subcode is not a number";
  return undefined;
}
