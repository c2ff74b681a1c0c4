// Composition root of the ingress service: config → telemetry → adapters → routes → serve →
// shutdown. Nothing else in this service opens a connection.
import {
  connectMongo,
  createHttpServer,
  createKafkaEventBus,
  createLogger,
  createShutdown,
  mongoIsReady,
  startTelemetry,
} from "@switchboard/kit";
import { registerAdminRoutes } from "./admin/admin-routes.ts";
import { createGrpcCatalog } from "./catalog/grpc-catalog.ts";
import { loadIngressConfig } from "./config.ts";
import { registerGraphErrorHandling } from "./graph/graph-error-handler.ts";
import { registerSendRoute } from "./send/send-route.ts";
import { createMongoTenantStore } from "./tenancy/mongo-tenant-store.ts";

const SERVICE = "ingress";
const config = loadIngressConfig(process.env);
const telemetry = startTelemetry({
  serviceName: SERVICE,
  exporter: config.OTEL_EXPORTER,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });

const mongo = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DATABASE });
const bus = await createKafkaEventBus({
  brokers: config.KAFKA_BROKERS,
  clientId: SERVICE,
  source: `/switchboard/${SERVICE}`,
  topicPrefix: config.KAFKA_TOPIC_PREFIX,
  partitions: config.KAFKA_TOPIC_PARTITIONS,
  logger,
});
const tenants = await createMongoTenantStore(mongo);
const catalog = createGrpcCatalog(config.CATALOG_GRPC_ADDRESS);

// Meta accepts webhook bodies up to about 3 MB; nothing we take is larger.
const http = createHttpServer({
  logger,
  bodyLimitBytes: 3 * 1024 * 1024,
  readinessChecks: { mongo: () => mongoIsReady(mongo) },
});
registerGraphErrorHandling(http);
registerAdminRoutes(http, { tenants, adminToken: config.ADMIN_TOKEN });
registerSendRoute(http, { tenants, catalog, bus, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS });
await http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onClose("telemetry", () => telemetry.shutdown());
shutdown.onClose("mongo", () => mongo.close());
shutdown.onClose("kafka", () => bus.close());
shutdown.onClose("catalog client", async () => catalog.close());

logger.info({ httpPort: http.server.address() }, "ingress service ready");
