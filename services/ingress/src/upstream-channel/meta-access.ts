// How the Cloud API channel reaches Meta for one business: the token and Graph API version
// registered for it (sealed in tenancy, opened here, never logged); without them the channel
// falls back to the installation-wide token and version of the config. A business of another tenant than the one asking is never
// answered: the credentials' own tenant must match.
import type { CredentialSealer } from "../tenancy/credential-sealer.ts";
import type { Caller } from "../tenancy/tenancy-records.ts";
import type { UpstreamRouting } from "../tenancy/upstream-routing.ts";

export interface GraphAccess {
  accessToken: string;
  apiVersion: string;
}

/** Undefined when the business registered no credentials of its own. */
export type MetaAccess = (scope: Caller) => Promise<GraphAccess | undefined>;

export function metaAccessOf(deps: {
  routing: Pick<UpstreamRouting, "metaCredentials">;
  sealer: CredentialSealer | undefined;
}): MetaAccess {
  const { routing, sealer } = deps;
  return async (scope) => {
    if (!sealer) return undefined;
    const stored = await routing.metaCredentials(scope.businessId);
    if (!stored || stored.tenantId !== scope.tenantId) return undefined;
    return {
      accessToken: sealer.open(stored.sealedSystemUserToken, { ...scope, field: "system_user_token" }),
      apiVersion: stored.graphApiVersion,
    };
  };
}
