// The fetch a message send posts with: retries stay safe only while Meta cannot have taken the
// message. A refused connection or an unknown host never reached Meta, and a 429 or 5xx answer is
// Meta saying it did not take it: graph-post.ts retries those. A timeout or a connection dropped
// after the request left may have reached Meta: posting again could send the message twice, so
// every later attempt of this send answers, without posting, a final error whose details say the
// outcome is unknown; the sender reports it as a `failed` status the business can act on.
import { GENERIC_FAILURE_CODE } from "./meta-error.ts";

/** Failures after the request may have left: the connection cut or no answer in time. */
const MAY_HAVE_ARRIVED = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export const OUTCOME_UNKNOWN_DETAILS =
  "The request to WhatsApp timed out or was cut off after it was sent, so it may have been delivered; " +
  "it was not sent again, to avoid a duplicate. Check with the recipient before sending it again.";

/** A timeout (our AbortSignal) or a connection cut mid-request; a refused or unresolvable connection is neither. */
function mayHaveArrived(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") return true;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" && MAY_HAVE_ARRIVED.has(cause.code);
}

/** A fetch for one send: after an ambiguous failure it never posts again. */
export function sendOnceFetch(inner: typeof fetch): typeof fetch {
  let ambiguous = false;
  return async (input, init) => {
    if (ambiguous) {
      return Response.json(
        {
          error: {
            code: GENERIC_FAILURE_CODE,
            message: "Delivery outcome unknown",
            error_data: { details: OUTCOME_UNKNOWN_DETAILS },
          },
        },
        // Not 429 or 5xx: graph-post.ts takes it as final.
        { status: 408 },
      );
    }
    try {
      return await inner(input, init);
    } catch (error) {
      if (mayHaveArrived(error)) ambiguous = true;
      throw error;
    }
  };
}
