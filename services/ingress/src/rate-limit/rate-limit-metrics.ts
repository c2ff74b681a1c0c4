// `switchboard_rate_limit_rejections_total{tenant,limit}`: sends refused by a throughput limit, by
// tenant and by which limit refused them (`pair`: Graph error 131056, `throughput`: 130429). Each
// replica counts its own refusals; a sum over replicas is the platform's. Recording is an in-process
// counter add: it stays off the store and off the network, like the limiter it counts.
import { instrument } from "@switchboard/kit";
import type { RateLimit } from "./rate-limiter.ts";

const rejections = instrument((meter) =>
  meter.createCounter("switchboard.rate_limit.rejections", {
    description:
      "Requests refused with 429 by a throughput limit, by tenant and limit (pair 131056, throughput 130429)",
  }),
);

export function countRateLimitRejection(tenantId: string, limit: RateLimit): void {
  rejections().add(1, { tenant: tenantId, limit });
}
