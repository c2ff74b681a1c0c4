import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deliveryTuningOf } from "./delivery-tuning.ts";
import { businessWebhookConfigShape } from "./webhook-config.ts";

describe("the delivery worker's tuning", () => {
  it("keeps a lease longer than a round of sends, and the linger within the poll interval", () => {
    const config = z.object(businessWebhookConfigShape).parse({ WEBHOOK_POLL_INTERVAL_MS: "50" });
    const tuning = deliveryTuningOf(config);
    // A business may get every batch of a round, each waiting up to the POST timeout.
    expect(tuning.leaseMs).toBeGreaterThan(config.WEBHOOK_TIMEOUT_MS * config.WEBHOOK_CONCURRENCY);
    expect(tuning.lingerMs).toBe(50);
    expect(tuning.policy.maxRetryAgeMs).toBe(config.WEBHOOK_MAX_RETRY_AGE_MS);
  });
});
