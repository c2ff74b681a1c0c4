// The AnalyticsService gRPC implementation: rollups of the caller's tenant (and business, when the
// caller is business-scoped) only — the store filters by scope, so another tenant's phone number
// simply has no rows. Queries read parts and aggregate in memory (domain/volume-query.ts).
import { type Logger, streamHandler, unaryHandler } from "@switchboard/kit";
import type { AnalyticsServiceServer, VolumeChange } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { DIMENSION_WIRE_NAMES } from "../domain/dimension-names.ts";
import { assertValidQuery, queryVolumes, type VolumeRow } from "../domain/volume-query.ts";
import type { VolumeHub } from "../events/volume-hub.ts";
import type { VolumeStore } from "../store/volume-store.ts";
import { filtersOf, volumeQueryOf } from "./volume-requests.ts";

export interface AnalyticsGrpcDeps {
  store: VolumeStore;
  hub: VolumeHub;
  logger: Logger;
  graceMs: number;
  now?: () => number;
}

export function analyticsGrpc(deps: AnalyticsGrpcDeps): AnalyticsServiceServer {
  const { store, hub, logger } = deps;
  const clock = () => ({ nowMs: (deps.now ?? Date.now)(), graceMs: deps.graceMs });
  return {
    getMessageVolume: unaryHandler(logger, async (request, scope) => {
      const query = {
        fromMs: request.fromMs,
        toMs: request.toMs,
        granularity: "minute" as const,
        groupBy: ["phoneNumberId", "direction"] as const,
        filters: request.phoneNumberId ? { phoneNumberId: [request.phoneNumberId] } : {},
        utcOffsetMinutes: 0,
      };
      assertValidQuery(query);
      const rows = queryVolumes(await store.listParts(scope, query), query, clock());
      const buckets = rows
        .map((row) => ({
          phoneNumberId: row.group.phoneNumberId ?? "",
          direction: row.group.direction ?? "",
          bucketStartMs: row.startMs,
          count: (row.group.direction === "inbound" ? row.measures.received : row.measures.sent) ?? 0,
        }))
        .filter((bucket) => bucket.count > 0);
      const total = (direction: string) =>
        buckets.filter((b) => b.direction === direction).reduce((sum, b) => sum + b.count, 0);
      return { buckets, totalInbound: total("inbound"), totalOutbound: total("outbound") };
    }),

    queryVolumes: unaryHandler(logger, async (request, scope) => {
      const query = volumeQueryOf(request);
      const rows = queryVolumes(await store.listParts(scope, query), query, clock());
      return { rows: rows.map(wireRowOf) };
    }),

    watchVolumes: streamHandler(logger, async (request, scope, sink) => {
      const filters = Object.entries(filtersOf(request.filters)).map(
        ([name, values]) => [DIMENSION_WIRE_NAMES[name as keyof typeof DIMENSION_WIRE_NAMES], values ?? []] as const,
      );
      await new Promise<void>((resolve) => {
        const stop = hub.watch(scope, (change) => {
          const dims = change.dimensions as unknown as Record<string, string>;
          if (filters.some(([wire, values]) => values.length > 0 && !values.includes(dims[wire] ?? ""))) return;
          const out: VolumeChange = {
            kind: change.kind,
            businessId: change.business_id,
            bucketStartMs: change.bucket_start_ms,
            late: change.late,
            dimensions: { ...dims },
            measures: { ...change.measures },
          };
          sink.write(out);
        });
        sink.signal.addEventListener("abort", () => {
          stop();
          resolve();
        });
      });
    }),
  };
}

function wireRowOf(row: VolumeRow) {
  const group: Record<string, string> = {};
  for (const [name, value] of Object.entries(row.group)) {
    group[DIMENSION_WIRE_NAMES[name as keyof typeof DIMENSION_WIRE_NAMES]] = value;
  }
  return {
    startMs: row.startMs,
    endMs: row.endMs,
    group,
    measures: row.measures,
    final: row.final,
    ...(row.frtMedianMs === undefined ? {} : { frtMedianMs: row.frtMedianMs }),
    ...(row.frtP90Ms === undefined ? {} : { frtP90Ms: row.frtP90Ms }),
  };
}
