// Access tokens over their life, on the real MongoDB-wire store behind the same cache main.ts
// uses: a token issued with a lifetime stops at it (190/463), a rotated token keeps working for
// its grace period beside the new one, and a suspended tenant or business account is refused at
// once (10 / 131031) and works again when resumed.
import { connectMongo, createHttpServer, createInMemoryEventBus, createLogger } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { FastifyInstance } from "fastify";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdminRoutes } from "../src/admin/admin-routes.ts";
import { registerGraphErrorHandling } from "../src/graph/graph-error-handler.ts";
import { authenticate } from "../src/tenancy/authenticate.ts";
import { cachedTenancy } from "../src/tenancy/cached-tenancy.ts";
import { createMongoTenancy } from "../src/tenancy/mongo-tenancy.ts";

const ADMIN_TOKEN = "admin-token-for-integration-tests-0123456789";
const logger = createLogger({ service: "test", level: "silent" });

describe("access token lifecycle", () => {
  const servers = testServers();
  let mongo: Connection;
  let app: FastifyInstance;
  /** The probe's clock: how far in the future a request is judged. */
  let aheadMs = 0;

  beforeAll(async () => {
    mongo = await connectMongo({ uri: servers.mongodbUri, dbName: uniqueName("ingtokens") });
    // A long TTL: only the cache's own invalidation can make suspension take effect at once.
    const tenancy = cachedTenancy(await createMongoTenancy(mongo), { ttlMs: 60_000 });
    app = createHttpServer({ logger, bodyLimitBytes: 100_000, readinessChecks: {} });
    registerGraphErrorHandling(app);
    registerAdminRoutes(app, {
      admin: tenancy.admin,
      numbers: tenancy.callers,
      adminToken: ADMIN_TOKEN,
      bus: createInMemoryEventBus(),
      publishTimeoutMs: 1_000,
      sealer: undefined,
    });
    app.get("/probe", async (request) => authenticate(request, tenancy.callers, () => Date.now() + aheadMs));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await mongo?.dropDatabase().catch(() => {});
    await mongo?.close();
  });

  const admin = async (url: string, payload?: object) => {
    const response = await app.inject({
      method: "POST",
      url: `/admin/v1${url}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
  const probe = async (token: string, ahead = 0) => {
    aheadMs = ahead;
    const response = await app.inject({ url: "/probe", headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.statusCode,
      body: response.json() as { error?: { code: number; error_subcode?: number; message: string } },
    };
  };
  const newTenant = async () => {
    const { body } = await admin("/tenants", {
      name: uniqueName("t"),
      phone_numbers: [{ display_phone_number: "+15550100001", hosting_mode: "cloud" }],
    });
    return body as { tenant_id: string; business_id: string; access_token: string; access_token_id: string };
  };

  it("lets a token issued with a lifetime work until it expires, then answers 190/463", async () => {
    const tenant = await newTenant();
    const issued = await admin(`/tenants/${tenant.tenant_id}/business_accounts/${tenant.business_id}/access_tokens`, {
      expires_in_seconds: 600,
    });
    expect(issued.status).toBe(201);
    expect(issued.body.expires_time).toBeDefined();
    const token = String(issued.body.access_token);
    expect((await probe(token)).status).toBe(200);
    const expired = await probe(token, 601_000);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(expired.body.error?.message).toContain("Session has expired");
    // A token issued without a lifetime never expires.
    expect((await probe(tenant.access_token, 10 * 365 * 86_400_000)).status).toBe(200);
  });

  it("rotates a token: the new one works, the old one only for the grace period", async () => {
    const tenant = await newTenant();
    const base = `/tenants/${tenant.tenant_id}/business_accounts/${tenant.business_id}/access_tokens`;
    const rotated = await admin(`${base}/${tenant.access_token_id}/rotate`, { grace_seconds: 60 });
    expect(rotated.status).toBe(201);
    const fresh = String(rotated.body.access_token);
    expect(fresh).not.toBe(tenant.access_token);
    expect((await probe(tenant.access_token)).status).toBe(200);
    expect((await probe(fresh)).status).toBe(200);
    expect((await probe(tenant.access_token, 61_000)).body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await probe(fresh, 61_000)).status).toBe(200);
    expect((await admin(`${base}/999999999/rotate`)).status).toBe(400);
  });

  it("refuses a suspended tenant's and a suspended business's tokens at once, and resumes them", async () => {
    const tenant = await newTenant();
    expect((await probe(tenant.access_token)).status).toBe(200);
    expect((await admin(`/tenants/${tenant.tenant_id}/suspend`)).status).toBe(200);
    const refused = await probe(tenant.access_token);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 10 });
    await admin(`/tenants/${tenant.tenant_id}/resume`);
    expect((await probe(tenant.access_token)).status).toBe(200);

    const business = `/tenants/${tenant.tenant_id}/business_accounts/${tenant.business_id}`;
    expect((await admin(`${business}/suspend`)).body).toMatchObject({ suspended: true });
    expect((await probe(tenant.access_token)).body.error).toMatchObject({ code: 131031 });
    await admin(`${business}/resume`);
    expect((await probe(tenant.access_token)).status).toBe(200);
  });
});
