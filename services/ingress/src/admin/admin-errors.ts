// Graph-shaped errors only the admin API raises. Kept beside the admin routes rather than in the
// shared Graph error list because no Cloud API client ever sees them.
import { GraphError } from "../graph/graph-error.ts";
import { IdAlreadyRegisteredError } from "../tenancy/tenancy-admin.ts";

/** Another hosting change of the same number won the race, or is still being published. */
export const hostingChangeConflict = (phoneNumberId: string, currentMode: string) =>
  new GraphError({
    httpStatus: 409,
    code: 100,
    type: "OAuthException",
    message: "(#100) The phone number's hosting mode was changed concurrently",
    details: `Phone number ${phoneNumberId} is now ${currentMode} or has a change in progress; read it again and retry`,
  });

/** Runs a registration; an id (Meta's) already registered elsewhere is 409, naming no holder. */
export async function registering<T>(ids: readonly (string | undefined)[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof IdAlreadyRegisteredError)) throw error;
    throw new GraphError({
      httpStatus: 409,
      code: 100,
      type: "OAuthException",
      message: "(#100) The id is already registered",
      details: `One of ${ids.filter((id) => id !== undefined).join(", ")} is already registered on this installation`,
    });
  }
}
