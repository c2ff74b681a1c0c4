// Admin routes for tenants and their business accounts (WABAs). `POST /tenants` keeps its original
// shape (the CLI's demo tenant uses it): a tenant with one business account, its numbers and a
// first access token in one call; the finer-grained routes below build the same step by step.
// Accounts and numbers take the ids Meta gave them when named, so a client's ids stay valid.
import type { FastifyInstance } from "fastify";
import { newGraphId } from "../graph/graph-ids.ts";
import { issueAccessToken } from "../tenancy/access-token.ts";
import { processorsFor } from "../tenancy/processors.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { createBusinessBody, createTenantBody, parseBody } from "./admin-bodies.ts";
import { registering } from "./admin-errors.ts";
import { tenantOf } from "./admin-scope.ts";
import { businessView, listOf, tenantView } from "./admin-views.ts";

const LIST_LIMIT = 1_000;

export function registerTenantRoutes(app: FastifyInstance, admin: TenancyAdmin): void {
  app.post("/tenants", async (request, reply) => {
    const body = parseBody(createTenantBody, request.body);
    const { token, hash } = issueAccessToken();
    const tenantId = `tn_${newGraphId()}`;
    const businessId = body.meta_business_account_id ?? newGraphId();
    const tokenId = newGraphId();
    const phoneNumbers = body.phone_numbers.map((n) => ({
      phoneNumberId: n.meta_phone_number_id ?? newGraphId(),
      displayPhoneNumber: n.display_phone_number,
      hostingMode: n.hosting_mode,
      processors: processorsFor(n.hosting_mode, n.bsp_name),
      catalogId: n.catalog_id ?? "",
      ...(n.throughput_mps === undefined ? {} : { throughputMps: n.throughput_mps }),
    }));
    await registering([businessId, ...phoneNumbers.map((n) => n.phoneNumberId)], () =>
      admin.createTenant({
        tenantId,
        name: body.name,
        kind: body.kind,
        businessId,
        phoneNumbers,
        tokenId,
        tokenHash: hash,
      }),
    );
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

  app.get("/tenants", async () => listOf(await admin.listTenants(LIST_LIMIT), tenantView));

  app.post<{ Params: { tenantId: string } }>("/tenants/:tenantId/business_accounts", async (request, reply) => {
    const tenant = await tenantOf(admin, request.params.tenantId);
    const body = parseBody(createBusinessBody, request.body);
    const businessId = body.meta_business_account_id ?? newGraphId();
    const business = await registering([businessId], () =>
      admin.upsertBusinessAccount(tenant.tenantId, businessId, body.name),
    );
    return reply.code(201).send(businessView(business));
  });

  app.get<{ Params: { tenantId: string } }>("/tenants/:tenantId/business_accounts", async (request) => {
    const tenant = await tenantOf(admin, request.params.tenantId);
    return listOf(await admin.listBusinessAccounts(tenant.tenantId, LIST_LIMIT), businessView);
  });
}
