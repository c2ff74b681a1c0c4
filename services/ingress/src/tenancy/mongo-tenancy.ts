// The MongoDB adapters of the three tenancy ports over one set of models (collections `tenants`,
// `business_accounts`, `phone_numbers`, `access_tokens`, `hosting_change_claims`,
// `meta_credentials`): this module
// is the only writer of those collections.
import type { Connection } from "mongoose";
import { mongoCallerDirectory } from "./mongo-caller-directory.ts";
import { mongoTenancyAdmin } from "./mongo-tenancy-admin.ts";
import { mongoUpstreamRouting } from "./mongo-upstream-routing.ts";
import type { Tenancy } from "./tenancy.ts";
import { tenancyModels } from "./tenancy-models.ts";

export async function createMongoTenancy(connection: Connection): Promise<Tenancy> {
  const models = await tenancyModels(connection);
  return {
    callers: mongoCallerDirectory(models),
    upstream: mongoUpstreamRouting(models),
    admin: mongoTenancyAdmin(models),
  };
}
