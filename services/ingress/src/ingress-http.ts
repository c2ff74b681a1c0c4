// The ingress HTTP edge: Graph error handling and every route — the admin API, the send API, media,
// message templates, Meta's webhooks, business webhook registration, the read side and privacy
// controls — each given only the ports it needs. It opens no connection and reads no environment.
import { createHttpServer } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { registerAdminRoutes } from "./admin/admin-routes.ts";
import { registerAnalyticsRoutes } from "./analytics/analytics-routes.ts";
import { type BusinessWebhooks, registerBusinessWebhookRoutes } from "./business-webhooks/business-webhooks.ts";
import { registerCatalogRoutes } from "./catalog/catalog-routes.ts";
import type { IngressConfig } from "./config.ts";
import { graphClientErrorBody } from "./graph/graph-client-error.ts";
import { registerGraphErrorHandling } from "./graph/graph-error-handler.ts";
import { withDefaultGraphVersion } from "./graph/unversioned-path.ts";
import { registerJsonDepthLimit } from "./http-guards/json-depth.ts";
import { registerUnauthenticatedBodyLimit } from "./http-guards/unauthenticated-body-limit.ts";
import type { IngressDeps } from "./ingress-deps.ts";
import { registerMediaRoutes } from "./media/media-routes.ts";
import { registerPrivacyRoutes } from "./privacy/privacy-routes.ts";
import { registerReadRoutes } from "./read-side/read-routes.ts";
import { registerSendRoute } from "./send/send-route.ts";
import type { Templates } from "./templates/templates-module.ts";
import { credentialSealerOf } from "./tenancy/credential-sealer.ts";
import { registerUpstreamWebhooks } from "./upstream/upstream-webhooks.ts";
import { UPSTREAM_WEBHOOK_PATH } from "./upstream/webhook-routes.ts";

// Meta accepts webhook bodies up to about 3 MB; nothing we take is larger.
export const BODY_LIMIT_BYTES = 3 * 1024 * 1024;

export function buildIngressHttp(
  deps: IngressDeps,
  webhooks: BusinessWebhooks,
  config: IngressConfig,
  templates: Templates,
): FastifyInstance {
  const { logger, bus, tenancy } = deps;
  const { callers, admin } = tenancy;
  const { ADMIN_TOKEN: adminToken, PUBLISH_TIMEOUT_MS: publishTimeoutMs } = config;
  const http = createHttpServer({
    logger,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    readinessChecks: deps.readinessChecks,
    rewriteUrl: withDefaultGraphVersion(config.GRAPH_DEFAULT_VERSION),
    clientErrorBody: graphClientErrorBody,
    trustedProxies: config.TRUSTED_PROXIES,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  });
  registerGraphErrorHandling(http);
  // Before any route: both hooks must cover every route registered below.
  registerUnauthenticatedBodyLimit(http, {
    limitBytes: config.UNAUTHENTICATED_BODY_LIMIT_BYTES,
    callers,
    adminToken,
    exemptPaths: [UPSTREAM_WEBHOOK_PATH],
  });
  registerJsonDepthLimit(http);
  const sealer = credentialSealerOf(config);
  registerAdminRoutes(http, { admin, numbers: callers, adminToken, bus, publishTimeoutMs, sealer });
  registerSendRoute(http, {
    callers,
    catalog: deps.catalog,
    bus,
    idempotency: deps.idempotency,
    rateLimiter: deps.rateLimiter,
    publishTimeoutMs,
    templates,
  });
  registerMediaRoutes(http, {
    callers,
    media: deps.media,
    upstreamIds: deps.upstreamMessageIds,
    otherNodes: [(caller, id) => templates.nodeById(caller, id)],
  });
  registerUpstreamWebhooks(
    http,
    {
      routing: tenancy.upstream,
      dedupe: deps.upstreamDedupe,
      messageIds: deps.upstreamMessageIds,
      bus,
      logger,
      sealer,
    },
    config,
  );
  registerBusinessWebhookRoutes(http, { callers, admin, webhooks, adminToken, config });
  registerReadRoutes(http, { callers, reader: deps.conversations });
  registerPrivacyRoutes(http, { callers, privacy: deps.privacy });
  registerAnalyticsRoutes(http, { callers, analytics: deps.analytics });
  registerCatalogRoutes(http, { callers, commerce: deps.commerce });
  templates.registerRoutes(http, callers);
  return http;
}
