// The AnalyticsService gRPC implementation: volume of the caller's tenant (and business, when the
// caller is business-scoped) only. Another tenant's phone number simply has no buckets.
import { type Logger, unaryHandler } from "@switchboard/kit";
import type { AnalyticsServiceServer } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { assertValidRange, totalsOf } from "../domain/volume-query.ts";
import type { VolumeStore } from "../store/volume-store.ts";

export function analyticsGrpc(store: VolumeStore, logger: Logger): AnalyticsServiceServer {
  return {
    getMessageVolume: unaryHandler(logger, async (request, scope) => {
      assertValidRange(request.fromMs, request.toMs);
      const rollups = await store.listRollups(scope, {
        phoneNumberId: request.phoneNumberId,
        fromMs: request.fromMs,
        toMs: request.toMs,
      });
      return { buckets: rollups, ...totalsOf(rollups) };
    }),
  };
}
