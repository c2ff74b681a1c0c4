// The server side of internal call authentication: wraps every method of a service so the call's
// scope token is verified before the handler runs. A call without a genuine, unexpired token is
// answered UNAUTHENTICATED and never reaches a handler; a verified one has its scope bound to the
// call (tenant-scope.ts), which is all a handler can read.
import {
  Metadata,
  type ServerErrorResponse,
  type ServiceDefinition,
  status,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { KeyRing } from "../security/key-ring.ts";
import { verifyScopeToken } from "../security/scope-token.ts";
import { bindVerifiedScope, SCOPE_TOKEN_METADATA_KEY } from "./tenant-scope.ts";

export interface CallGuardOptions {
  keys: KeyRing;
  now?: () => number;
}

type AnyCall = { metadata: Metadata; emit(event: "error", error: ServerErrorResponse): boolean };
type AnyHandler = (call: AnyCall, callback?: (error: ServerErrorResponse | null) => void) => void;

export function guardImplementation(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  options: CallGuardOptions,
): UntypedServiceImplementation {
  const now = options.now ?? Date.now;
  const guarded: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    // grpc-js also finds a handler under the method's proto name; so does the guard.
    const handler = (implementation[name] ?? (method.originalName && implementation[method.originalName])) as
      | AnyHandler
      | undefined;
    if (!handler) continue;
    const wrapped: AnyHandler = (call, callback) => {
      const problem = verify(call.metadata);
      if (problem === undefined) return handler(call, callback);
      const error: ServerErrorResponse = {
        name: "Unauthenticated",
        message: problem,
        code: status.UNAUTHENTICATED,
        details: problem,
        metadata: new Metadata(),
      };
      // Unary and client-streaming calls answer through the callback; streaming responses by an error event.
      if (!method.responseStream && callback) callback(error);
      else call.emit("error", error);
    };
    guarded[name] = wrapped as unknown as UntypedHandleCall;
  }
  return guarded;

  function verify(metadata: Metadata): string | undefined {
    const token = metadata.get(SCOPE_TOKEN_METADATA_KEY)[0];
    if (typeof token !== "string") return "missing tenant scope token";
    try {
      const claims = verifyScopeToken(options.keys, token, now());
      bindVerifiedScope(metadata, {
        tenantId: claims.tenantId,
        businessId: claims.businessId,
        ...(claims.allBusinesses ? { allBusinesses: true } : {}),
      });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
