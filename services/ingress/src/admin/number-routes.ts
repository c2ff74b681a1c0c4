// Admin routes for a business account's phone numbers and their hosting mode. A number's
// processors always follow from its mode (see tenancy/processors.ts); a hosting change goes
// through hosting-change.ts so it is published exactly as stored.
import type { FastifyInstance } from "fastify";
import { newGraphId } from "../graph/graph-ids.ts";
import { hostingStateOf } from "../tenancy/processors.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import { hostingChangeBody, parseBody, phoneNumberBody } from "./admin-bodies.ts";
import { registering } from "./admin-errors.ts";
import { type BusinessParams, businessOf, graphIdParam } from "./admin-scope.ts";
import { listOf, phoneNumberView } from "./admin-views.ts";
import { changeHosting, type HostingChangeDeps } from "./hosting-change.ts";
import { hostingSnapshotOf } from "./hosting-change-event.ts";

const NUMBERS = "/tenants/:tenantId/business_accounts/:businessId/phone_numbers";

export function registerNumberRoutes(
  app: FastifyInstance,
  deps: HostingChangeDeps & { admin: Pick<TenancyAdmin, "businessAccount" | "upsertPhoneNumber" | "listPhoneNumbers"> },
): void {
  const { admin } = deps;

  app.post<{ Params: BusinessParams }>(NUMBERS, async (request, reply) => {
    const business = await businessOf(admin, request.params);
    const body = parseBody(phoneNumberBody, request.body);
    const phoneNumberId = body.meta_phone_number_id ?? newGraphId();
    const number = await registering([phoneNumberId], () =>
      admin.upsertPhoneNumber(business, {
        phoneNumberId,
        displayPhoneNumber: body.display_phone_number,
        ...hostingStateOf(body.hosting_mode, body.bsp_name),
        catalogId: body.catalog_id ?? "",
        ...(body.throughput_mps === undefined ? {} : { throughputMps: body.throughput_mps }),
      }),
    );
    return reply.code(201).send(phoneNumberView(number));
  });

  app.get<{ Params: BusinessParams }>(NUMBERS, async (request) => {
    const business = await businessOf(admin, request.params);
    return listOf(await admin.listPhoneNumbers(business, 1_000), phoneNumberView);
  });

  app.post<{ Params: BusinessParams & { phoneNumberId: string } }>(
    `${NUMBERS}/:phoneNumberId/hosting`,
    async (request) => {
      const business = await businessOf(admin, request.params);
      const phoneNumberId = graphIdParam(request.params.phoneNumberId);
      const body = parseBody(hostingChangeBody, request.body);
      const to = hostingStateOf(body.hosting_mode, body.bsp_name);
      const result = await changeHosting(deps, business, phoneNumberId, {
        to,
        reason: body.reason,
        changedBy: body.changed_by,
      });
      return {
        success: true,
        changed: result.changed,
        from: hostingSnapshotView(result.from),
        to: hostingSnapshotView(to),
        phone_number: phoneNumberView(result.number),
      };
    },
  );
}

function hostingSnapshotView(state: Parameters<typeof hostingSnapshotOf>[0]) {
  const snapshot = hostingSnapshotOf(state);
  return {
    hosting_mode: snapshot.hostingMode,
    encryption_state: snapshot.encryptionState,
    processors: snapshot.processors,
  };
}
