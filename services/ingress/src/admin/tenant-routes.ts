// Admin routes for tenants and their business accounts (WABAs). `POST /tenants` keeps its original
// shape (the CLI's demo tenant uses it): a tenant with one business account, its numbers and a
// first access token in one call; the finer-grained routes below build the same step by step.
import type { FastifyInstance } from "fastify";
import { issueAccessToken } from "../tenancy/access-token.ts";
import { newGraphId } from "../tenancy/graph-ids.ts";
import { processorsFor } from "../tenancy/processors.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import { createBusinessBody, createTenantBody, parseBody } from "./admin-bodies.ts";
import { tenantOf } from "./admin-scope.ts";
import { businessView, listOf, tenantView } from "./admin-views.ts";

const LIST_LIMIT = 1_000;

export function registerTenantRoutes(app: FastifyInstance, tenants: TenantStore): void {
  app.post("/tenants", async (request, reply) => {
    const body = parseBody(createTenantBody, request.body);
    const { token, hash } = issueAccessToken();
    const tenantId = `tn_${newGraphId()}`;
    const businessId = newGraphId();
    const tokenId = newGraphId();
    const phoneNumbers = body.phone_numbers.map((n) => ({
      phoneNumberId: newGraphId(),
      displayPhoneNumber: n.display_phone_number,
      hostingMode: n.hosting_mode,
      processors: processorsFor(n.hosting_mode, n.bsp_name),
      catalogId: n.catalog_id ?? "",
      ...(n.throughput_mps === undefined ? {} : { throughputMps: n.throughput_mps }),
    }));
    await tenants.createTenant({
      tenantId,
      name: body.name,
      kind: body.kind,
      businessId,
      phoneNumbers,
      tokenId,
      tokenHash: hash,
    });
    return reply.code(201).send({
      tenant_id: tenantId,
      kind: body.kind,
      business_id: businessId,
      access_token: token,
      access_token_id: tokenId,
      phone_numbers: phoneNumbers.map((n) => ({
        id: n.phoneNumberId,
        display_phone_number: n.displayPhoneNumber,
        hosting_mode: n.hostingMode,
        processors: n.processors,
      })),
    });
  });

  app.get("/tenants", async () => listOf(await tenants.listTenants(LIST_LIMIT), tenantView));

  app.post<{ Params: { tenantId: string } }>("/tenants/:tenantId/business_accounts", async (request, reply) => {
    const tenant = await tenantOf(tenants, request.params.tenantId);
    const body = parseBody(createBusinessBody, request.body);
    const business = await tenants.upsertBusinessAccount(tenant.tenantId, newGraphId(), body.name);
    return reply.code(201).send(businessView(business));
  });

  app.get<{ Params: { tenantId: string } }>("/tenants/:tenantId/business_accounts", async (request) => {
    const tenant = await tenantOf(tenants, request.params.tenantId);
    return listOf(await tenants.listBusinessAccounts(tenant.tenantId, LIST_LIMIT), businessView);
  });
}
