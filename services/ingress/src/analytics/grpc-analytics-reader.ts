// gRPC adapter of the AnalyticsReader: QueryVolumes with the caller's tenant and business in
// metadata and a deadline; a bad argument becomes Graph's 100, an unreachable service a 503.
import { AppError, callUnary } from "@switchboard/kit";
import type {
  AnalyticsServiceClient,
  QueryVolumesRequest,
  QueryVolumesResponse,
} from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { invalidParameter, serviceUnavailable } from "../graph/graph-errors.ts";
import type { AnalyticsReader } from "./analytics-reader.ts";

export function createGrpcAnalyticsReader(client: AnalyticsServiceClient, timeoutMs = 10_000): AnalyticsReader {
  return {
    async queryVolumes(caller, query) {
      try {
        const response = await callUnary<QueryVolumesRequest, QueryVolumesResponse>(
          "switchboard.analytics.v1.AnalyticsService/QueryVolumes",
          client.queryVolumes.bind(client),
          {
            fromMs: query.fromMs,
            toMs: query.toMs,
            granularity: query.granularity,
            groupBy: [...query.groupBy],
            filters: query.filters.map((f) => ({ dimension: f.dimension, values: [...f.values] })),
            utcOffsetMinutes: 0,
          },
          { scope: caller, timeoutMs },
        );
        return response.rows.map(({ startMs, endMs, group, measures }) => ({ startMs, endMs, group, measures }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === "invalid_argument") throw invalidParameter(error.message);
        if (error.code === "unavailable" || error.code === "resource_exhausted") throw serviceUnavailable();
        throw new AppError("internal", "analytics query failed", { cause: error });
      }
    },
  };
}
