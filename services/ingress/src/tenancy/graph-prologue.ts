// The prologue of every business-facing Graph route, in the order Graph answers: the bearer token
// (190 when missing, unknown or revoked), then the path's version and object id (unknown object,
// 100/33, when malformed), and — once the route has validated the rest of its input — the
// caller's own phone number, so a number of another business is answered exactly as one that
// does not exist. Nothing is read for a request this refuses.
import type { FastifyRequest } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { graphIdOf, versionOf } from "../graph/graph-path.ts";
import { authenticate } from "./authenticate.ts";
import type { CallerDirectory } from "./caller-directory.ts";
import type { Caller, PhoneNumberRecord } from "./tenancy-records.ts";

type GraphRequest<P> = FastifyRequest<{ Params: P }>;

/** The caller of a `/:version/…` route; a bad version is refused naming `objectId`. */
export async function graphCaller(
  request: GraphRequest<{ version: string }>,
  callers: Pick<CallerDirectory, "callerForToken">,
  objectId: string,
): Promise<Caller> {
  const caller = await authenticate(request, callers);
  versionOf(request.params.version, objectId);
  return caller;
}

export interface NumberRoute {
  caller: Caller;
  /** Well-formed, not yet proven to be the caller's: `ownNumber()` does that. */
  phoneNumberId: string;
  ownNumber(): Promise<PhoneNumberRecord>;
}

/** The prologue of a `/:version/:phoneNumberId/…` route. */
export async function numberRoute(
  request: GraphRequest<{ version: string; phoneNumberId: string }>,
  callers: CallerDirectory,
): Promise<NumberRoute> {
  const caller = await graphCaller(request, callers, request.params.phoneNumberId);
  const phoneNumberId = graphIdOf(request.params.phoneNumberId);
  return { caller, phoneNumberId, ownNumber: () => ownNumber(callers, caller, phoneNumberId) };
}

/** The caller's own number, or unknown object: a number of another business does not exist. */
export async function ownNumber(
  callers: Pick<CallerDirectory, "phoneNumber">,
  caller: Caller,
  phoneNumberId: string,
): Promise<PhoneNumberRecord> {
  const number = await callers.phoneNumber(caller, phoneNumberId);
  if (!number) throw unknownObject(phoneNumberId);
  return number;
}
