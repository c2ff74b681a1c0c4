// Builds the ingress HTTP app from its ports and config: the Graph error handling and every
// route. main.ts calls it with real adapters; integration tests call it in-process with the real
// Kafka and Mongo. It opens no connection and reads no environment: everything is passed in.
import { createHttpServer, type EventBus, type Logger } from "@switchboard/kit";
import type { FastifyInstance } from "fastify";
import { registerAdminRoutes } from "../admin/admin-routes.ts";
import { type BusinessWebhooks, registerBusinessWebhookRoutes } from "../business-webhooks/business-webhooks.ts";
import type { CatalogPort } from "../catalog/catalog-port.ts";
import type { IngressConfig } from "../config.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import type { IdempotencyStore } from "../idempotency/idempotency-store.ts";
import { registerMediaRoutes } from "../media/media-routes.ts";
import type { MediaStore } from "../media/media-store.ts";
import type { CustomerPrivacy } from "../privacy/customer-privacy.ts";
import { registerPrivacyRoutes } from "../privacy/privacy-routes.ts";
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import type { ConversationReader } from "../read-side/conversation-reader.ts";
import { registerReadRoutes } from "../read-side/read-routes.ts";
import { registerSendRoute } from "../send/send-route.ts";
import type { TenantStore } from "../tenancy/tenant-store.ts";
import type { UpstreamDedupe } from "../upstream/upstream-dedupe.ts";
import type { UpstreamMessageIds } from "../upstream/upstream-message-ids.ts";
import { registerUpstreamWebhooks } from "../upstream/upstream-webhooks.ts";

export interface IngressPorts {
  logger: Logger;
  /** Readiness: every check must pass for /readyz to answer 200. */
  readinessChecks: Record<string, () => Promise<boolean>>;
  tenants: TenantStore;
  catalog: CatalogPort;
  bus: EventBus;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  /** Media uploads and downloads; omitted only by tests that exercise other routes. */
  media?: MediaStore;
  /** Dedupe claims of Meta's webhooks; omitted only by tests that exercise other routes. */
  upstreamDedupe?: UpstreamDedupe;
  /** Meta's ids of our Cloud API sends, to translate statuses; omitted with the simulator in tests. */
  upstreamMessageIds?: UpstreamMessageIds;
  /** Webhooks to businesses (subscriptions, parked deliveries); omitted only by other routes' tests. */
  businessWebhooks?: Pick<BusinessWebhooks, "subscriptions" | "deliveries" | "worker">;
  /** The read side of threads and messages (conversation gRPC); omitted only by other routes' tests. */
  conversations?: ConversationReader;
  /** Customers' privacy controls (conversation gRPC); omitted only by other routes' tests. */
  privacy?: CustomerPrivacy;
}

// Meta accepts webhook bodies up to about 3 MB; nothing we take is larger.
export const BODY_LIMIT_BYTES = 3 * 1024 * 1024;

export function buildIngressApp(ports: IngressPorts, config: IngressConfig): FastifyInstance {
  const http = createHttpServer({
    logger: ports.logger,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    readinessChecks: ports.readinessChecks,
  });
  registerGraphErrorHandling(http);
  registerAdminRoutes(http, {
    tenants: ports.tenants,
    adminToken: config.ADMIN_TOKEN,
    bus: ports.bus,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  registerSendRoute(http, {
    tenants: ports.tenants,
    catalog: ports.catalog,
    bus: ports.bus,
    idempotency: ports.idempotency,
    rateLimiter: ports.rateLimiter,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  if (ports.media) registerMediaRoutes(http, { tenants: ports.tenants, media: ports.media });
  if (ports.upstreamDedupe) {
    const { tenants: routing, upstreamDedupe: dedupe, upstreamMessageIds: messageIds, bus, logger } = ports;
    registerUpstreamWebhooks(http, { routing, dedupe, bus, logger, ...(messageIds ? { messageIds } : {}) }, config);
  }
  if (ports.businessWebhooks) {
    const { tenants, businessWebhooks: webhooks } = ports;
    registerBusinessWebhookRoutes(http, { tenants, webhooks, adminToken: config.ADMIN_TOKEN, config });
  }
  if (ports.conversations) registerReadRoutes(http, { tenants: ports.tenants, reader: ports.conversations });
  if (ports.privacy) registerPrivacyRoutes(http, { tenants: ports.tenants, privacy: ports.privacy });
  return http;
}
