import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { metricsText } from "../telemetry/prometheus-reader.ts";
import { startTelemetry } from "../telemetry/start-telemetry.ts";
import { traceDb } from "../telemetry/tracing.ts";
import { createHttpServer } from "./http-server.ts";

describe("the kit's HTTP server", () => {
  it("records request durations by route and code (not for probes) beside the process's other instruments", async () => {
    const telemetry = startTelemetry({
      serviceName: "metrics-test",
      exporter: "none",
      otlpEndpoint: "http://127.0.0.1:1",
    });
    try {
      const app = createHttpServer({
        logger: createLogger({ service: "metrics-test", level: "silent" }),
        bodyLimitBytes: 1024,
        readinessChecks: {},
      });
      app.get("/v1/things/:id", async (_request, reply) => reply.code(404).send({}));
      await app.inject({ method: "GET", url: "/v1/things/1" });
      await app.inject({ method: "GET", url: "/v1/things/2" });
      await app.inject({ method: "GET", url: "/readyz" });
      await traceDb("threads", "find", async () => 1);

      // Scraped on METRICS_PORT (telemetry/metrics-server.ts); this is the text that endpoint serves.
      const response = { body: await metricsText() };
      const series =
        'http_server_request_duration_seconds_count{http_route="/v1/things/:id",http_request_method="GET",http_response_status_code="404"} 2';
      expect(response.body).toContain(series);
      expect(response.body).not.toContain('http_route="/readyz"');
      expect(response.body).toMatch(
        /db_client_operation_duration_seconds_count\{db_system_name="mongodb",db_collection_name="threads",db_operation_name="find"\} 1/,
      );
      await app.close();
    } finally {
      await telemetry.shutdown();
    }
  });
});
