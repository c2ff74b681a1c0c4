// The operator's admin API (separate admin token): creates a tenant with one business account,
// its phone numbers (each with a hosting mode) and a business access token, returned once.
import { isHostingMode } from "@switchboard/proto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { invalidAccessToken, invalidParameterValue } from "../graph/graph-errors.ts";
import { bearerTokenOf } from "../http/authenticate.ts";
import { issueAccessToken, secretsEqual } from "../tenancy/access-token.ts";
import { newGraphId } from "../tenancy/graph-ids.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";

const createTenantBody = z.object({
  name: z.string().min(1).max(200),
  phone_numbers: z
    .array(
      z.object({
        display_phone_number: z.string().regex(/^\+?[0-9 ()-]{5,24}$/),
        hosting_mode: z.string().refine(isHostingMode, "must be on_premises, cloud or bsp"),
        /** For `bsp` numbers: the partner that operates the API. */
        bsp_name: z
          .string()
          .regex(/^[a-z0-9-]{1,64}$/)
          .optional(),
        catalog_id: z.string().max(64).optional(),
      }),
    )
    .min(1)
    .max(50),
});

function processorsFor(mode: string, bspName: string | undefined): string[] {
  if (mode === "on_premises") return ["business"];
  if (mode === "cloud") return ["business", "meta"];
  return ["business", "meta", `bsp:${bspName ?? "unnamed"}`];
}

export function registerAdminRoutes(app: FastifyInstance, deps: { tenants: TenantStore; adminToken: string }): void {
  const requireAdmin = (request: FastifyRequest) => {
    const token = bearerTokenOf(request);
    if (!token || !secretsEqual(token, deps.adminToken)) throw invalidAccessToken();
  };

  app.post("/admin/v1/tenants", async (request, reply) => {
    requireAdmin(request);
    const parsed = createTenantBody.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidParameterValue(`${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
    }
    const { token, hash } = issueAccessToken();
    const tenantId = `tn_${newGraphId()}`;
    const businessId = newGraphId();
    const phoneNumbers = parsed.data.phone_numbers.map((n) => ({
      phoneNumberId: newGraphId(),
      displayPhoneNumber: n.display_phone_number,
      hostingMode: n.hosting_mode as "on_premises" | "cloud" | "bsp",
      processors: processorsFor(n.hosting_mode, n.bsp_name),
      catalogId: n.catalog_id ?? "",
    }));
    await deps.tenants.createTenant({ tenantId, name: parsed.data.name, businessId, phoneNumbers, tokenHash: hash });
    return reply.code(201).send({
      tenant_id: tenantId,
      business_id: businessId,
      access_token: token,
      phone_numbers: phoneNumbers.map((n) => ({
        id: n.phoneNumberId,
        display_phone_number: n.displayPhoneNumber,
        hosting_mode: n.hostingMode,
        processors: n.processors,
      })),
    });
  });
}
