// Opens a client of an internal gRPC service: mutual TLS when configured, and an interceptor that
// turns the scope a call asks for (scopeToMetadataEntries, as callUnary sets it) into a signed
// token minted for that one call. This is the only way a platform component should open an
// internal channel; a client opened any other way carries no token and every call is refused.
import { type ChannelCredentials, type ClientOptions, InterceptingCall, type Interceptor } from "@grpc/grpc-js";
import type { KeyRing } from "../security/key-ring.ts";
import { SCOPE_TOKEN_TTL_MS, signScopeToken } from "../security/scope-token.ts";
import type { InternalTls } from "./internal-tls.ts";
import { channelCredentialsOf } from "./internal-tls.ts";
import { clearScopeEntries, requestedScope, SCOPE_TOKEN_METADATA_KEY } from "./tenant-scope.ts";

export interface InternalCallAuth {
  keys: KeyRing;
  /** Who mints the tokens (`ingress`, `cli`…), recorded in each one. */
  caller: string;
  tls?: InternalTls | undefined;
  now?: () => number;
}

type ClientConstructor<C> = new (
  address: string,
  credentials: ChannelCredentials,
  options?: Partial<ClientOptions>,
) => C;

export function openInternalClient<C>(Client: ClientConstructor<C>, address: string, auth: InternalCallAuth): C {
  return new Client(address, channelCredentialsOf(auth.tls), { interceptors: [scopeSigningInterceptor(auth)] });
}

export function scopeSigningInterceptor(auth: InternalCallAuth): Interceptor {
  const now = auth.now ?? Date.now;
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        const scope = requestedScope(metadata);
        clearScopeEntries(metadata);
        if (scope) {
          const token = signScopeToken(auth.keys, {
            tenantId: scope.tenantId,
            businessId: scope.businessId,
            allBusinesses: scope.allBusinesses === true,
            caller: auth.caller,
            expiresAtMs: now() + SCOPE_TOKEN_TTL_MS,
          });
          metadata.set(SCOPE_TOKEN_METADATA_KEY, token);
        }
        next(metadata, listener);
      },
    });
}
