// The Graph errors of Meta's throughput limits, answered with HTTP 429 and a Retry-After in whole
// seconds: 130429 when the business number is over its messages per second, 131056 when too many
// messages went to one recipient in a short time (pair rate).
import { GraphError } from "../graph/graph-error.ts";
import type { RateLimit } from "./rate-limiter.ts";

export function rateLimitError(limit: RateLimit): GraphError {
  if (limit === "pair") {
    return new GraphError({
      httpStatus: 429,
      code: 131056,
      type: "OAuthException",
      message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
      details: "Too many messages sent from this phone number to the same recipient in a short period of time",
    });
  }
  return new GraphError({
    httpStatus: 429,
    code: 130429,
    type: "OAuthException",
    message: "(#130429) Rate limit hit",
    details: "Cloud API message throughput has been reached for this phone number",
  });
}
