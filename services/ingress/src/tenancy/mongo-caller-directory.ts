// The MongoDB adapter of the CallerDirectory: a token by its hash (revoked ones never match) with
// its expiry and its tenant's and business's suspension, and a number only within the caller's
// tenant and business. A token costs three reads on a miss; the cache in front (cached-tenancy.ts)
// keeps them off the request path.
import { traceDb } from "@switchboard/kit";
import type { CallerDirectory } from "./caller-directory.ts";
import type { TenancyModels } from "./tenancy-models.ts";
import type { PhoneNumberRecord } from "./tenancy-records.ts";

type Suspendable = { suspendedAtMs?: number } | null;

export function mongoCallerDirectory({ tokens, phoneNumbers, tenants, businesses }: TenancyModels): CallerDirectory {
  return {
    async callerForToken(tokenHash) {
      const found = await traceDb("access_tokens", "findOne", () =>
        tokens
          .findOne({ tokenHash, revokedAtMs: 0 })
          .lean<{ tenantId: string; businessId: string; expiresAtMs?: number }>(),
      );
      if (!found) return undefined;
      const { tenantId, businessId } = found;
      const [tenant, business] = await Promise.all([
        traceDb("tenants", "findOne", () => tenants.findOne({ tenantId }, { suspendedAtMs: 1 }).lean<Suspendable>()),
        traceDb("business_accounts", "findOne", () =>
          businesses.findOne({ tenantId, businessId }, { suspendedAtMs: 1 }).lean<Suspendable>(),
        ),
      ]);
      const suspended =
        (tenant?.suspendedAtMs ?? 0) > 0 ? "tenant" : (business?.suspendedAtMs ?? 0) > 0 ? "business" : undefined;
      return {
        tenantId,
        businessId,
        ...(found.expiresAtMs ? { expiresAtMs: found.expiresAtMs } : {}),
        ...(suspended ? { suspended } : {}),
      };
    },

    async phoneNumber(caller, phoneNumberId) {
      const found = await traceDb("phone_numbers", "findOne", () =>
        phoneNumbers
          .findOne({ tenantId: caller.tenantId, businessId: caller.businessId, phoneNumberId }, { _id: 0 })
          .lean<PhoneNumberRecord>(),
      );
      return found ?? undefined;
    },
  };
}
