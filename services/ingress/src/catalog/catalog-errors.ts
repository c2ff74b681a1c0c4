// Turns an error of a catalog gRPC call into the Graph error the business sees: NOT_FOUND is
// "unknown object" (another business's catalog object is answered as one that does not exist),
// anything the caller can fix (a bad field, a stale version, a retailer id taken) is 100 with the
// catalog's reason, an unreachable catalog 503; anything else a 500 without internals.
import { AppError } from "@switchboard/kit";
import { invalidParameter, serviceUnavailable, unknownObject } from "../graph/graph-errors.ts";

export async function withCatalogErrors<T>(objectId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    switch (error.code) {
      case "not_found":
      case "permission_denied":
        throw unknownObject(objectId);
      case "invalid_argument":
      case "already_exists":
      case "failed_precondition":
        throw invalidParameter(error.message);
      case "unavailable":
      case "resource_exhausted":
        throw serviceUnavailable();
      default:
        throw new AppError("internal", "catalog call failed", { cause: error });
    }
  }
}
