// Registering a business's Meta credentials: stored sealed (they open back under the key), never
// answered back, refused without a sealing key and for a business that is not the tenant's.
import { randomBytes } from "node:crypto";
import { createHttpServer, createLogger } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { type CredentialSealer, createCredentialSealer } from "../tenancy/credential-sealer.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { SealedMetaCredentials } from "../tenancy/tenancy-records.ts";
import { registerMetaCredentialRoutes } from "./meta-credential-routes.ts";

const logger = createLogger({ service: "test", level: "silent" });
const scope = { tenantId: "tn_100", businessId: "410000000000001" };
const TOKEN = "EAAGsystemusertoken0123456789";
const SECRET = "0123456789abcdef0123";
const url = (businessId: string) => `/tenants/${scope.tenantId}/business_accounts/${businessId}/meta_credentials`;
const payload = { system_user_token: TOKEN, app_secret: SECRET, graph_api_version: "v21.0" };

function build(sealer: CredentialSealer | undefined) {
  const stored: Omit<SealedMetaCredentials, "tenantId" | "businessId">[] = [];
  const admin: Pick<TenancyAdmin, "businessAccount" | "setMetaCredentials"> = {
    businessAccount: async (s) =>
      s.tenantId === scope.tenantId && s.businessId === scope.businessId
        ? { ...scope, name: "Shop", createdAtMs: 1 }
        : undefined,
    setMetaCredentials: async (_s, credentials) => {
      stored.push(credentials);
    },
  };
  const app = createHttpServer({ logger, bodyLimitBytes: 1_000_000, readinessChecks: {} });
  registerGraphErrorHandling(app);
  registerMetaCredentialRoutes(app, { admin, sealer });
  return { app, stored };
}

describe("meta credential routes", () => {
  it("stores the token and app secret sealed and answers neither", async () => {
    const sealer = createCredentialSealer(randomBytes(32));
    const { app, stored } = build(sealer);
    const response = await app.inject({ method: "PUT", url: url(scope.businessId), payload });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ success: true, business_id: scope.businessId, graph_api_version: "v21.0" });
    expect(response.body).not.toContain(TOKEN);
    expect(response.body).not.toContain(SECRET);
    const [sealed] = stored;
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
    expect(sealer.open(sealed?.sealedSystemUserToken ?? "", { ...scope, field: "system_user_token" })).toBe(TOKEN);
    expect(sealer.open(sealed?.sealedAppSecret ?? "", { ...scope, field: "app_secret" })).toBe(SECRET);
  });

  it("refuses without a sealing key, and for a business that is not the tenant's", async () => {
    const unkeyed = build(undefined);
    const refused = await unkeyed.app.inject({ method: "PUT", url: url(scope.businessId), payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 100 } });
    expect(unkeyed.stored).toEqual([]);
    const keyed = build(createCredentialSealer(randomBytes(32)));
    const unknown = await keyed.app.inject({ method: "PUT", url: url("410000000000009"), payload });
    expect(unknown.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    expect(keyed.stored).toEqual([]);
  });
});
