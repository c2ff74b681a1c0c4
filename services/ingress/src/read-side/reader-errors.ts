// Turns an error of a conversation gRPC call into the Graph error the business sees, for every
// adapter over the conversation client (read side, privacy controls). NOT_FOUND
// and PERMISSION_DENIED are both "unknown object" (100/33), so another tenant's id cannot be told
// apart from one that never existed; a bad argument is 100; an unreachable or slow service
// (deadline exceeded arrives as unavailable) is 503. Anything else is our fault: a 500 without
// internals, the cause kept for the log.
import { AppError } from "@switchboard/kit";
import { invalidParameter, serviceUnavailable, unknownObject } from "../graph/graph-errors.ts";

export function readerErrorToGraph(error: unknown, objectId: string): unknown {
  if (!(error instanceof AppError)) return error;
  switch (error.code) {
    case "not_found":
    case "permission_denied":
      return unknownObject(objectId);
    case "invalid_argument":
      // The conversation service's messages are written for clients (e.g. "invalid cursor").
      return invalidParameter(error.message);
    case "unavailable":
    case "resource_exhausted":
      return serviceUnavailable();
    default:
      return new AppError("internal", "conversation read failed", { cause: error });
  }
}

/** Runs one call to the conversation service; a failure becomes the Graph error naming `objectId`. */
export async function withGraphErrors<T>(objectId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw readerErrorToGraph(error, objectId);
  }
}
