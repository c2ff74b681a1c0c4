// Which handler failures are transient: the handler is right and the event is fine, something it
// depends on is away (the store unreachable, a dependency answering `unavailable`, an
// acknowledgement timing out). The dispatcher retries those with capped backoff for as long as
// the consumer owns the partition, and never dead-letters them: a short outage must not turn
// into lost messages. Everything else keeps its bounded retries, then the dead-letter topic.
import { AppError } from "../errors/app-error.ts";
import { isStoreUnavailable } from "../mongo/store-unavailable.ts";

export function isTransientError(error: unknown): boolean {
  if (isStoreUnavailable(error)) return true;
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof AppError && current.code === "unavailable") return true;
    current = current.cause;
  }
  return false;
}

/** Thrown when the consumer stopped (or lost the partition) while an event waited out an outage: not done, not parked. */
export class DispatchAbandoned extends Error {
  override readonly name = "DispatchAbandoned";
}
