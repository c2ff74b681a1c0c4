// `GET /{version}/{waba_id}?fields=analytics.start(…).end(…).granularity(…)…` — the WABA
// analytics fields of Meta's Graph API (analytics-fields.ts), answered from the analytics service
// in the caller's scope; `&format=csv` answers the first field's data points as CSV. The path is
// the same as a media read's (`GET /{version}/{media_id}`), so the route is chosen by a router
// constraint on `fields` asking for an analytics field; every other read of the path is the media
// route's. Order as every Graph route: token, path, the rest of the input, then ownership — a
// business account other than the token's own is answered exactly as one that does not exist.
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import { invalidParameter, unknownObject } from "../graph/graph-errors.ts";
import { graphIdOf } from "../graph/graph-path.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller } from "../tenancy/graph-prologue.ts";
import { asksForAnalytics, parseAnalyticsFields } from "./analytics-fields.ts";
import type { AnalyticsReader } from "./analytics-reader.ts";
import { csvOf, dataPointsOf, fieldView, queryOf } from "./analytics-views.ts";

export interface AnalyticsRouteDeps {
  callers: Pick<CallerDirectory, "callerForToken">;
  analytics: AnalyticsReader;
}

const CONSTRAINT = "graphAnalyticsFields";

export function registerAnalyticsRoutes(app: FastifyInstance, deps: AnalyticsRouteDeps): void {
  app.addConstraintStrategy({
    name: CONSTRAINT,
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (value: string) => (handlers.get(value) ?? null) as never,
        set: (value: string, handler: unknown) => void handlers.set(value, handler),
      };
    },
    deriveConstraint(request: IncomingMessage) {
      const query = (request.url ?? "").split("?")[1] ?? "";
      return asksForAnalytics(new URLSearchParams(query).get("fields") ?? undefined) ? "yes" : undefined;
    },
    mustMatchWhenDerived: false,
  });

  app.get<{ Params: { version: string; wabaId: string }; Querystring: Record<string, string | undefined> }>(
    "/:version/:wabaId",
    { constraints: { [CONSTRAINT]: "yes" } },
    async (request, reply) => {
      const caller = await graphCaller(request, deps.callers, request.params.wabaId);
      const wabaId = graphIdOf(request.params.wabaId);
      const { fields, format, access_token: _token, ...rest } = request.query;
      const unknown = Object.keys(rest);
      if (unknown.length > 0) throw invalidParameter(`unknown parameter ${unknown[0]}`);
      if (format !== undefined && format !== "json" && format !== "csv")
        throw invalidParameter("format must be json or csv");
      const requests = parseAnalyticsFields(fields ?? "");
      if (caller.businessId !== wabaId) throw unknownObject(wabaId);
      const scope = { tenantId: caller.tenantId, businessId: caller.businessId };
      const answers = await Promise.all(
        requests.map(async (r) => ({
          request: r,
          points: dataPointsOf(r, await deps.analytics.queryVolumes(scope, queryOf(r))),
        })),
      );
      if (format === "csv") {
        void reply.type("text/csv; charset=utf-8");
        return csvOf(answers[0]?.points ?? []);
      }
      return Object.fromEntries([
        ...answers.map(({ request: r, points }) => [r.field, fieldView(r, points)]),
        ["id", wabaId],
      ]);
    },
  );
}
