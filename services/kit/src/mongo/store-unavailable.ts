// Recognises "the store is not reachable right now" among MongoDB driver and mongoose errors: no
// server selectable, a network error or timeout, a primary stepping down, a closed pool, a
// command that could not be buffered. Such an error says nothing about the request or the event:
// the same call succeeds once the store is back. HTTP answers it 503 (Graph code 2), consumers
// retry it without dead-lettering. Anything else (a validation error, a duplicate key) is not it.
// A bulk write that never reached the server is a MongoBulkWriteError without write errors that
// copied the driver error's own fields but not its name or cause (mongodb 7): recognised by those.

const UNAVAILABLE_NAMES = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
  "PoolClosedError",
  "MongoWaitQueueTimeoutError",
  "MongoOperationTimeoutError",
]);

/**
 * Server error codes that mean "try again elsewhere or later": not primary, shutting down,
 * unreachable, or too slow to answer within the operation's maxTimeMS (50).
 */
const UNAVAILABLE_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (UNAVAILABLE_NAMES.has(current.name)) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "number" && UNAVAILABLE_CODES.has(code) && current.name.startsWith("Mongo")) return true;
    // Commands issued while mongoose buffers (bufferCommands) time out with this message.
    if (current.name === "MongooseError" && /buffering timed out/.test(current.message)) return true;
    if (current.name === "MongoBulkWriteError" && isUnsentBulkWrite(current)) return true;
    const labels = (current as { errorLabelSet?: Set<string> }).errorLabelSet;
    if (labels instanceof Set && (labels.has("RetryableWriteError") || labels.has("ResetPool"))) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The driver error a bulk write wraps when no server took it: a server selection error's
 * `reason` (the topology it saw) or a network error's `beforeHandshake`, and no write errors.
 */
function isUnsentBulkWrite(error: Error): boolean {
  const { writeErrors } = error as { writeErrors?: unknown };
  const wroteSomething = Array.isArray(writeErrors) && writeErrors.length > 0;
  return !wroteSomething && ("reason" in error || "beforeHandshake" in error);
}
