// The kit's HTTP server trusts forwarding headers only from configured proxies and bounds how long
// a connection or a request may take.
import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/logger.ts";
import { createHttpServer } from "./http-server.ts";

const logger = createLogger({ service: "test", level: "silent" });

function withIpRoute(trustedProxies?: readonly string[]) {
  const app = createHttpServer({
    logger,
    bodyLimitBytes: 1024,
    readinessChecks: {},
    ...(trustedProxies ? { trustedProxies } : {}),
  });
  app.get("/whoami", async (request) => ({ ip: request.ip, host: request.host, protocol: request.protocol }));
  return app;
}

const forwarded = {
  "x-forwarded-for": "203.0.113.9",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
};

describe("HTTP hardening", () => {
  it("ignores X-Forwarded-* unless a proxy is configured", async () => {
    const response = await withIpRoute().inject({
      url: "/whoami",
      headers: { host: "api.local", ...forwarded },
      remoteAddress: "198.51.100.7",
    });
    expect(response.json()).toEqual({ ip: "198.51.100.7", host: "api.local", protocol: "http" });
  });

  it("believes X-Forwarded-* from a configured proxy only", async () => {
    const app = withIpRoute(["10.0.0.0/8"]);
    const viaProxy = await app.inject({
      url: "/whoami",
      headers: { host: "api.local", ...forwarded },
      remoteAddress: "10.1.2.3",
    });
    expect(viaProxy.json()).toMatchObject({ ip: "203.0.113.9", protocol: "https" });
    const direct = await app.inject({
      url: "/whoami",
      headers: { host: "api.local", ...forwarded },
      remoteAddress: "198.51.100.7",
    });
    expect(direct.json()).toMatchObject({ ip: "198.51.100.7", protocol: "http" });
  });

  it("bounds request, connection and keep-alive time, by default and as configured", async () => {
    const defaults = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: {} });
    expect(defaults.server.requestTimeout).toBeGreaterThan(0);
    expect(defaults.server.timeout).toBeGreaterThan(0);
    const configured = createHttpServer({
      logger,
      bodyLimitBytes: 1024,
      readinessChecks: {},
      requestTimeoutMs: 4_000,
      connectionTimeoutMs: 3_000,
      keepAliveTimeoutMs: 61_000,
    });
    expect(configured.server.requestTimeout).toBe(4_000);
    expect(configured.server.timeout).toBe(3_000);
    expect(configured.server.keepAliveTimeout).toBe(61_000);
  });
});
