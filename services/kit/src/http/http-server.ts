// Builds the fastify instance every HTTP-facing service uses: request tracing (each route handler
// runs inside a SERVER span continuing an incoming traceparent), liveness and readiness endpoints,
// request duration by route, method and status code (an OTel histogram; /metrics is served on its
// own port by telemetry/metrics-server.ts, never here), and pino logging without request bodies.
// Routes are added by the service afterwards.

import type { IncomingMessage } from "node:http";
import { context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { instrument } from "../telemetry/instrument.ts";
import { LATENCY_BUCKETS_S } from "../telemetry/prometheus-reader.ts";
import { contextFromHeaders } from "../telemetry/tracing.ts";
import { type ClientErrorBody, clientErrorHandlerOf, frameworkErrorsOf } from "./client-error-handler.ts";

/** Probe routes: answered, but not counted as traffic. */
const UNMEASURED = new Set(["/healthz", "/readyz"]);

const requestDuration = instrument((meter) =>
  meter.createHistogram("http.server.request.duration", {
    unit: "s",
    description: "HTTP requests by route, method and status code",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
  }),
);

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  /** Readiness: every check must pass for /readyz to answer 200. */
  readinessChecks: Record<string, () => Promise<boolean>>;
  /** Rewrites a request's URL before routing (e.g. a default API version for unversioned paths). */
  rewriteUrl?: (url: string) => string;
  /**
   * The body of the answers given before any route runs: by Node's HTTP parser (400, 408, 431)
   * and by the router (400 for a malformed URL or an overlong path parameter).
   */
  clientErrorBody?: ClientErrorBody;
  /**
   * Proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDRs). None by default:
   * a client reaching the server directly must not choose its own IP or the host in media URLs.
   */
  trustedProxies?: readonly string[];
  /** Time a client has to send a whole request (slow-loris bound); fastify's `requestTimeout`. */
  requestTimeoutMs?: number;
  /** Socket inactivity timeout; fastify's `connectionTimeout`. */
  connectionTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept; above the load balancer's own idle timeout. */
  keepAliveTimeoutMs?: number;
}

/** Defaults when a service names none: bounded, unlike Node's (no request timeout at all). */
const DEFAULT_TIMEOUTS = { requestTimeoutMs: 30_000, connectionTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 };

declare module "fastify" {
  interface FastifyRequest {
    span?: Span;
  }
}

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const rewrite = options.rewriteUrl ?? ((url: string) => url);
  const app = Fastify({
    // pino's Logger is what fastify wraps; its declared type differs only in generics.
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_TIMEOUTS.connectionTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_TIMEOUTS.keepAliveTimeoutMs,
    rewriteUrl: (request: IncomingMessage) => rewrite(request.url ?? "/"),
    ...(options.clientErrorBody
      ? {
          clientErrorHandler: clientErrorHandlerOf(options.clientErrorBody),
          frameworkErrors: frameworkErrorsOf(options.clientErrorBody),
        }
      : {}),
  });

  let draining = false;
  app.decorate("startDraining", () => {
    draining = true;
  });

  app.addHook("onRequest", async (request) => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (typeof value === "string") headers[key] = value;
    request.span = trace
      .getTracer("switchboard")
      .startSpan(
        `${request.method} ${request.routeOptions.url ?? "unmatched"}`,
        { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method } },
        contextFromHeaders(headers),
      );
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (!UNMEASURED.has(route))
      requestDuration().record(reply.elapsedTime / 1000, {
        "http.route": route,
        "http.request.method": request.method,
        "http.response.status_code": reply.statusCode,
      });
    request.span?.setAttribute("http.response.status_code", reply.statusCode);
    if (reply.statusCode >= 500) request.span?.setStatus({ code: SpanStatusCode.ERROR });
    request.span?.end();
  });
  // Run every handler inside its request's span so spans it starts (Kafka, gRPC) are children.
  app.addHook("onRoute", (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(request, reply) {
      const active = request.span ? trace.setSpan(context.active(), request.span) : context.active();
      return context.with(active, () => handler.call(this, request, reply));
    };
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(options.readinessChecks).map(
        async ([name, check]) => [name, await check().catch(() => false)] as const,
      ),
    );
    const ready = !draining && results.every(([, ok]) => ok);
    return reply.code(ready ? 200 : 503).send({ ready, draining, checks: Object.fromEntries(results) });
  });
  return app;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Makes /readyz answer 503 so load balancers stop routing here before the listener closes. */
    startDraining(): void;
  }
}
