// A business's privacy controls over HTTP, Graph-style, with its access token: opt a customer of
// one of its numbers out of (or back into) marketing templates, export what is held about the
// customer, and erase it. Order matters, as on the read side: token, then every path and query
// parameter (and no body), then the number within the caller's business, and only then the
// conversation service — so bad input or a foreign number never reaches gRPC and changes nothing.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { invalidParameter } from "../graph/graph-errors.ts";
import { graphPage, nextPageUrl } from "../read-side/graph-paging.ts";
import { parseMessageListQuery, parseNoQuery } from "../read-side/read-query.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { numberRoute, ownNumber } from "../tenancy/graph-prologue.ts";
import { customerIdOf } from "./customer-path.ts";
import type { CustomerPrivacy } from "./customer-privacy.ts";
import { exportView, marketingView, tombstoneView } from "./privacy-views.ts";

export interface PrivacyRouteDeps {
  callers: CallerDirectory;
  privacy: CustomerPrivacy;
}

interface CustomerParams {
  version: string;
  phoneNumberId: string;
  customerId: string;
}
type CustomerRequest = FastifyRequest<{ Params: CustomerParams }>;

function noBody(request: FastifyRequest): void {
  const body = request.body;
  if (body === undefined || body === null) return;
  if (typeof body === "object" && Object.keys(body).length === 0) return;
  throw invalidParameter("this request takes no body parameters");
}

/** Authenticates, validates the path, and proves the number is the caller's before anything else. */
async function customerTarget(deps: PrivacyRouteDeps, request: CustomerRequest) {
  const { caller, phoneNumberId } = await numberRoute(request, deps.callers);
  const target = { phoneNumberId, customerId: customerIdOf(request.params.customerId) };
  return { caller, target };
}

export function registerPrivacyRoutes(app: FastifyInstance, deps: PrivacyRouteDeps): void {
  const base = "/:version/:phoneNumberId/customers/:customerId";
  for (const [suffix, optedOut] of [
    ["opt_out", true],
    ["opt_in", false],
  ] as const) {
    app.post<{ Params: CustomerParams }>(`${base}/${suffix}`, async (request) => {
      const { caller, target } = await customerTarget(deps, request);
      parseNoQuery(request.query);
      noBody(request);
      await ownNumber(deps.callers, caller, target.phoneNumberId);
      const marketing = await deps.privacy.setMarketingOptOut(caller, target, optedOut);
      return { success: true, ...marketingView(marketing) };
    });
  }

  app.get<{ Params: CustomerParams }>(`${base}/export`, async (request) => {
    const { caller, target } = await customerTarget(deps, request);
    const { page, params } = parseMessageListQuery(request.query);
    await ownNumber(deps.callers, caller, target.phoneNumberId);
    const data = await deps.privacy.exportData(caller, target, page);
    const paged = graphPage([], data.nextCursor, (after) => nextPageUrl(request, params, after));
    return { ...exportView(data), paging: paged.paging };
  });

  app.delete<{ Params: CustomerParams }>(base, async (request) => {
    const { caller, target } = await customerTarget(deps, request);
    parseNoQuery(request.query);
    noBody(request);
    await ownNumber(deps.callers, caller, target.phoneNumberId);
    // The tombstone records who asked: the business whose token made the request.
    const tombstone = await deps.privacy.erase(caller, target, `business:${caller.businessId}`);
    return { success: true, erasure: tombstoneView(tombstone) };
  });
}
