// Composition root of the ingress service: config → telemetry → adapters → routes → serve →
// shutdown. Nothing else in this service opens a connection.
import { mongoIsReady, startServiceRuntime } from "@switchboard/kit";
import { publishStalePendingHostingChanges } from "./admin/hosting-change.ts";
import { startBusinessWebhooks } from "./business-webhooks/business-webhooks.ts";
import { createGrpcCatalog } from "./catalog/grpc-catalog.ts";
import { loadIngressConfig } from "./config.ts";
import { buildIngressApp } from "./http/build-app.ts";
import { createMongoIdempotencyStore } from "./idempotency/mongo-idempotency-store.ts";
import { createGridFsMediaStore } from "./media/gridfs-media-store.ts";
import { erasureHandlers } from "./privacy/erasure-consumer.ts";
import { createGrpcCustomerPrivacy } from "./privacy/grpc-customer-privacy.ts";
import { createMongoErasedDeliveries } from "./privacy/mongo-erased-deliveries.ts";
import { createInMemoryRateLimiter, rateLimitOptionsOf } from "./rate-limit/in-memory-rate-limiter.ts";
import { createGrpcConversationReader } from "./read-side/grpc-conversation-reader.ts";
import { cachedTenantStore } from "./tenancy/cached-tenant-store.ts";
import { createMongoTenantStore } from "./tenancy/mongo-tenant-store.ts";
import { createMongoUpstreamDedupe } from "./upstream/mongo-upstream-dedupe.ts";
import { createMongoUpstreamMessageIds } from "./upstream/mongo-upstream-message-ids.ts";
import { startUpstreamSender } from "./upstream-channel/start-upstream-sender.ts";

const SERVICE = "ingress";
const config = loadIngressConfig(process.env);
const { logger, shutdown, mongo, bus } = await startServiceRuntime(SERVICE, config);
// Every request resolves its token and number: a short-lived in-process cache keeps that off the database.
const tenants = cachedTenantStore(await createMongoTenantStore(mongo), { ttlMs: config.AUTH_CACHE_TTL_MS });
const catalog = createGrpcCatalog(config.CATALOG_GRPC_ADDRESS);
const conversations = createGrpcConversationReader(config.CONVERSATION_GRPC_ADDRESS);
const privacy = createGrpcCustomerPrivacy(config.CONVERSATION_GRPC_ADDRESS);

const idempotency = await createMongoIdempotencyStore(mongo, { leaseMs: 2 * config.PUBLISH_TIMEOUT_MS });
const rateLimiter = createInMemoryRateLimiter(rateLimitOptionsOf(config));
const media = await createGridFsMediaStore(mongo);
const businessWebhooks = await startBusinessWebhooks({ connection: mongo, bus, tenants, config, logger });
// Erased customers' webhook deliveries are dropped (src/privacy); its own group, beside the intake's.
const erasures = await bus.subscribe({
  groupId: `${config.WEBHOOK_CONSUMER_GROUP}-erasures`,
  handlers: erasureHandlers({ deliveries: createMongoErasedDeliveries(mongo), clock: Date.now, logger }),
});
const upstreamDedupe = await createMongoUpstreamDedupe(mongo);
const upstreamMessageIds = await createMongoUpstreamMessageIds(mongo);
const upstreamSender = await startUpstreamSender({ config, bus, logger, messageIds: upstreamMessageIds });

const http = buildIngressApp(
  {
    logger,
    readinessChecks: { mongo: () => mongoIsReady(mongo) },
    tenants,
    catalog,
    bus,
    idempotency,
    rateLimiter,
    media,
    businessWebhooks,
    upstreamDedupe,
    upstreamMessageIds,
    conversations,
    privacy,
  },
  config,
);
await http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
// Hosting changes a previous process stored but could not get acknowledged by Kafka.
await publishStalePendingHostingChanges({ tenants, bus, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS }).catch(
  (error: unknown) => logger.warn({ err: error }, "pending hosting changes not published yet; a retry will"),
);

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
// Stops consuming (offsets committed) and lets the delivery round in flight settle.
shutdown.onStopIntake("business webhooks", () => businessWebhooks.stop());
shutdown.onStopIntake("erasure consumer", () => erasures.stop());
// Stops consuming ready-to-send events (offsets committed) and the simulator's timers.
shutdown.onStopIntake("upstream sender", () => upstreamSender.stop());
shutdown.onClose("catalog client", async () => catalog.close());
shutdown.onClose("conversation client", async () => conversations.close());
shutdown.onClose("privacy client", async () => privacy.close());

logger.info({ httpPort: http.server.address() }, "ingress service ready");
