import { describe, expect, it } from "vitest";
import { createHttpServer } from "../http/http-server.ts";
import { createLogger } from "../logging/logger.ts";
import { instrument } from "./instrument.ts";
import { startMetricsServer } from "./metrics-server.ts";
import { startTelemetry } from "./start-telemetry.ts";
import { traceDb } from "./tracing.ts";

const probes = instrument((meter) => meter.createCounter("switchboard.test.probes"));

describe("the metrics server", () => {
  it("serves the process's instruments on its own port, and the service's HTTP server no longer does", async () => {
    const telemetry = startTelemetry({
      serviceName: "metrics-test",
      exporter: "none",
      otlpEndpoint: "http://127.0.0.1:1",
    });
    const metrics = await startMetricsServer({ host: "127.0.0.1", port: 0 });
    const app = createHttpServer({
      logger: createLogger({ service: "metrics-test", level: "silent" }),
      bodyLimitBytes: 1024,
      readinessChecks: {},
    });
    try {
      app.get("/v1/things/:id", async (_request, reply) => reply.code(404).send({}));
      await app.inject({ method: "GET", url: "/v1/things/1" });
      await traceDb("threads", "find", async () => 1);
      probes().add(2, { kind: "x" });

      const response = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await response.text();
      expect(body).toContain('switchboard_test_probes_total{kind="x"} 2\n');
      expect(body).toContain(
        'http_server_request_duration_seconds_count{http_route="/v1/things/:id",http_request_method="GET",http_response_status_code="404"} 1',
      );
      expect(body).toMatch(/db_client_operation_duration_seconds_count\{[^}]*db_operation_name="find"\} 1/);
      expect((await fetch(`http://127.0.0.1:${metrics.port}/healthz`)).status).toBe(404);
      expect((await app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    } finally {
      await app.close();
      await metrics.close();
      await telemetry.shutdown();
    }
  });

  it("fails to start naming METRICS_PORT when the port is taken", async () => {
    const first = await startMetricsServer({ host: "127.0.0.1", port: 0 });
    try {
      await expect(startMetricsServer({ host: "127.0.0.1", port: first.port })).rejects.toThrow(
        new RegExp(`^METRICS_PORT ${first.port}: .*EADDRINUSE`),
      );
    } finally {
      await first.close();
    }
  });
});
