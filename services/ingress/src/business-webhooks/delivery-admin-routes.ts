// The operator's view of parked webhook deliveries (admin token, same gate and path scheme as the
// rest of /admin/v1): list a business's parked deliveries — metadata only, never message content —
// and replay one or all of them, which queues them again with a fresh retry window; and read its
// backlog against the pending cap (backlog-guard.ts). A tenant or
// business that does not exist, or a business of another tenant, is Graph's unknown object.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { type BusinessParams, businessOf, requireAdmin } from "../admin/admin-scope.ts";
import { invalidParameterValue } from "../graph/graph-errors.ts";
import type { TenancyAdmin } from "../tenancy/tenancy-admin.ts";
import type { BacklogGuard } from "./backlog-guard.ts";
import type { Delivery, DeliveryStore } from "./delivery-store.ts";

export interface DeliveryAdminRoutesDeps {
  admin: Pick<TenancyAdmin, "businessAccount">;
  deliveries: DeliveryStore;
  backlog: Pick<BacklogGuard, "state">;
  adminToken: string;
  clock: () => number;
  /** Called after a replay put deliveries back in the queue (the worker's wake-up). */
  replayed: () => void;
}

const DELIVERIES = "/admin/v1/tenants/:tenantId/business_accounts/:businessId/webhook_deliveries";
const BACKLOG = "/admin/v1/tenants/:tenantId/business_accounts/:businessId/webhook_backlog";

const listQuery = z.object({
  after: z.string().max(512).default(""),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const replayBody = z.object({ delivery_id: z.string().min(1).max(512).optional() }).default({});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidParameterValue(`${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
}

const iso = (ms: number) => new Date(ms).toISOString();

const parkedView = (d: Delivery) => ({
  id: d.deliveryId,
  event_type: d.eventType,
  phone_number_id: d.phoneNumberId,
  attempts: d.attempts,
  created_time: iso(d.createdAtMs),
  parked_time: iso(d.parkedAtMs),
  last_error: d.lastError,
});

export function registerDeliveryAdminRoutes(app: FastifyInstance, deps: DeliveryAdminRoutesDeps): void {
  app.get<{ Params: BusinessParams }>(DELIVERIES, async (request) => {
    requireAdmin(request, deps.adminToken);
    const business = await businessOf(deps.admin, request.params);
    const query = parse(listQuery, request.query);
    const parked = await deps.deliveries.listParked(business, query.limit, query.after);
    const last = parked.length === query.limit ? parked.at(-1) : undefined;
    return { data: parked.map(parkedView), paging: { after: last?.deliveryId ?? "" } };
  });

  // The business's pending count against the cap (as last sampled, plus what this replica queued).
  app.get<{ Params: BusinessParams }>(BACKLOG, async (request) => {
    requireAdmin(request, deps.adminToken);
    const business = await businessOf(deps.admin, request.params);
    const state = deps.backlog.state(business);
    return {
      pending: state.pending,
      cap: state.cap,
      backpressured: state.backpressured,
      sampled_time: state.sampledAtMs === 0 ? null : iso(state.sampledAtMs),
    };
  });

  app.post<{ Params: BusinessParams }>(`${DELIVERIES}/replay`, async (request) => {
    requireAdmin(request, deps.adminToken);
    const business = await businessOf(deps.admin, request.params);
    const body = parse(replayBody, request.body ?? {});
    const replayed = await deps.deliveries.replay(business, deps.clock(), body.delivery_id);
    if (replayed > 0) deps.replayed();
    return { replayed };
  });
}
