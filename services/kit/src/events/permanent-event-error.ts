// The error a handler throws (or a batch handler returns) for an event that can never be handled
// however often it is retried: a payload that contradicts its envelope, a required field missing.
// The dispatcher parks such an event on the dead-letter topic at once instead of retrying it with
// backoff, so a poison event costs one attempt and holds up nothing behind it. Never throw it for
// anything that might succeed later (a store outage, a missing record that may still arrive).

export class PermanentEventError extends Error {
  override readonly name = "PermanentEventError";
}

export function isPermanentEventError(error: unknown): error is PermanentEventError {
  return error instanceof PermanentEventError;
}
