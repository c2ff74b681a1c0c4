// Lazy key rotation of the Meta credentials: a read that finds a value sealed under a retired kid
// (or the pre-envelope v1 format) answers it re-sealed under the current key and writes that back,
// conditional on the record being unchanged since the read, so a rotation needs no migration run
// and a concurrent admin update is never overwritten. The write-back is best-effort: when it
// fails the next read tries again. Plaintexts stay in this function.
import type { Logger } from "@switchboard/kit";
import type { CredentialSealer } from "./credential-sealer.ts";
import type { Tenancy } from "./tenancy.ts";
import type { SealedMetaCredentials } from "./tenancy-records.ts";

export function resealingTenancy(tenancy: Tenancy, sealer: CredentialSealer | undefined, logger: Logger): Tenancy {
  if (!sealer) return tenancy;
  const reseal = (stored: SealedMetaCredentials): SealedMetaCredentials => {
    const scope = { tenantId: stored.tenantId, businessId: stored.businessId };
    const again = (value: string, field: "system_user_token" | "app_secret") =>
      sealer.needsReseal(value) ? sealer.seal(sealer.open(value, { ...scope, field }), { ...scope, field }) : value;
    return {
      ...stored,
      sealedSystemUserToken: again(stored.sealedSystemUserToken, "system_user_token"),
      sealedAppSecret: again(stored.sealedAppSecret, "app_secret"),
    };
  };
  return {
    ...tenancy,
    upstream: {
      ...tenancy.upstream,
      async metaCredentials(businessId) {
        const stored = await tenancy.upstream.metaCredentials(businessId);
        if (
          !stored ||
          !(sealer.needsReseal(stored.sealedSystemUserToken) || sealer.needsReseal(stored.sealedAppSecret))
        )
          return stored;
        const resealed = reseal(stored);
        const { tenantId, businessId: id, ...values } = resealed;
        await tenancy.admin
          .resealMetaCredentials({ tenantId, businessId: id }, stored, values)
          .catch((error: unknown) => logger.warn({ err: error, businessId }, "meta credentials not re-sealed yet"));
        return resealed;
      },
    },
  };
}
