// Builds the fastify instance every HTTP-facing service uses: request tracing (each route handler
// runs inside a SERVER span continuing an incoming traceparent), liveness and readiness endpoints,
// and pino logging without request bodies. Routes are added by the service afterwards.
import { context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Logger } from "pino";
import { contextFromHeaders } from "../telemetry/tracing.ts";

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  /** Readiness: every check must pass for /readyz to answer 200. */
  readinessChecks: Record<string, () => Promise<boolean>>;
}

declare module "fastify" {
  interface FastifyRequest {
    span?: Span;
  }
}

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    // pino's Logger is what fastify wraps; its declared type differs only in generics.
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: true,
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
