// The fetch a message send posts with: retries stay safe only while Meta cannot have taken the
// message. A refused connection or an unknown host never reached Meta, and a 429 or 5xx answer is
// Meta saying it did not take it: graph-post.ts retries those. A timeout or a connection dropped
// after the request left may have reached Meta: posting again could send the message twice, so
// every later attempt of this send answers, without posting, a final error whose details say the
// outcome is unknown; the sender reports it as a `failed` status the business can act on, which
// Meta's own later report of the message supersedes (@switchboard/proto send-outcome.ts).
import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";

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

/** A send's fetch, which also tells whether one of its posts may have reached Meta. */
export type SendOnceFetch = typeof fetch & { mayHaveArrived(): boolean };

/**
 * A fetch for one send: after an ambiguous failure it never posts again. `mayHaveArrived` covers
 * the case with no later attempt to answer "outcome unknown" (the ambiguous post was the last).
 */
export function sendOnceFetch(inner: typeof fetch): SendOnceFetch {
  let ambiguous = false;
  const once: typeof fetch = async (input, init) => {
    if (ambiguous) {
      return Response.json(
        {
          error: {
            code: OUTCOME_UNKNOWN_CODE,
            message: OUTCOME_UNKNOWN_TITLE,
            error_user_title: OUTCOME_UNKNOWN_TITLE,
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
  return Object.assign(once, { mayHaveArrived: () => ambiguous });
}
