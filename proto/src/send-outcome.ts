// The one `failed` that is only the platform's guess: a send whose answer from Meta was lost (a
// timeout, a dropped connection, a crash after the POST). Ingress reports it rather than send the
// message twice; Meta may well have taken it, and its own later report of that message (sent,
// delivered, read, or a real failure) is the truth. Ingress writes this error, conversation
// recognises it in a stored or reported errors array, so both read the same definition here.
// It must never match an error Meta itself reports: Meta's 131000 is titled "Something went wrong".

/** Meta's generic error code, which the platform's own "outcome unknown" carries. */
export const OUTCOME_UNKNOWN_CODE = 131000;
/** The title that tells the platform's "outcome unknown" apart from Meta's own 131000. */
export const OUTCOME_UNKNOWN_TITLE = "Delivery outcome unknown";

/** Whether a status's errors array (JSON, as a `failed` status carries it) is the platform's "outcome unknown". */
export function isOutcomeUnknown(errorsJson: string | undefined): boolean {
  if (!errorsJson?.includes(OUTCOME_UNKNOWN_TITLE)) return false; // the cheap test first: most errors are not ours
  let errors: unknown;
  try {
    errors = JSON.parse(errorsJson);
  } catch {
    return false;
  }
  if (!Array.isArray(errors) || errors.length !== 1) return false;
  const [error] = errors as { code?: unknown; title?: unknown }[];
  return error?.code === OUTCOME_UNKNOWN_CODE && error.title === OUTCOME_UNKNOWN_TITLE;
}
