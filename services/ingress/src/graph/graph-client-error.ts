// Graph's error shape for what the HTTP parser refuses before any route runs (a malformed request
// line, a request sent too slowly, headers over the size limit): clients parse every error of ours
// as Graph's, these included. No request exists yet, so the fbtrace_id is a fresh random id.
import { randomBytes } from "node:crypto";
import { GraphError } from "./graph-error.ts";

export function graphClientErrorBody(statusCode: 400 | 408 | 431, reason: string) {
  const error = new GraphError({
    httpStatus: statusCode,
    code: 100,
    type: "OAuthException",
    message: `(#100) ${reason}`,
  });
  return error.toBody(randomBytes(16).toString("hex"));
}
