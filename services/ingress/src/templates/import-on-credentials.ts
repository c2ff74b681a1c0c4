// Imports a business's templates from Meta as soon as its Meta credentials are registered (or
// replaced), so the templates it already has at Meta can be sent right away rather than after the
// next periodic import. Wraps the admin port's write: the registration answers once stored, the
// import runs after it; a failed import is logged and the periodic import tries again.
import type { Logger } from "@switchboard/kit";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { TemplateSync } from "./template-sync.ts";

export function importingTemplatesOnCredentials<A extends Pick<TenancyAdmin, "setMetaCredentials">>(
  admin: A,
  sync: TemplateSync,
  logger: Logger,
): A {
  return {
    ...admin,
    async setMetaCredentials(scope, credentials) {
      await admin.setMetaCredentials(scope, credentials);
      void sync(scope).catch((error: unknown) => {
        logger.warn({ err: error, businessId: scope.businessId }, "template import after credentials failed");
      });
    },
  };
}
