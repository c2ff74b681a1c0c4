import { metricsText, startTelemetry } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { countRateLimitRejection } from "./rate-limit-metrics.ts";

describe("switchboard_rate_limit_rejections_total", () => {
  it("counts refusals by tenant and by the limit that refused", async () => {
    const telemetry = startTelemetry({ serviceName: "rl-test", exporter: "none", otlpEndpoint: "http://127.0.0.1:1" });
    try {
      countRateLimitRejection("t-a", "pair");
      countRateLimitRejection("t-a", "pair");
      countRateLimitRejection("t-a", "throughput");
      countRateLimitRejection("t-b", "pair");
      const text = await metricsText();
      expect(text).toContain("# TYPE switchboard_rate_limit_rejections_total counter\n");
      expect(text).toContain('switchboard_rate_limit_rejections_total{tenant="t-a",limit="pair"} 2\n');
      expect(text).toContain('switchboard_rate_limit_rejections_total{tenant="t-a",limit="throughput"} 1\n');
      expect(text).toContain('switchboard_rate_limit_rejections_total{tenant="t-b",limit="pair"} 1\n');
    } finally {
      await telemetry.shutdown();
    }
  });
});
