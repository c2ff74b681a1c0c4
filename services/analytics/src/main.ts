// Composition root of the analytics service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection.
import {
  connectMongo,
  createHttpServer,
  createKafkaEventBus,
  createLogger,
  createShutdown,
  mongoIsReady,
  startGrpcServer,
  startTelemetry,
} from "@switchboard/kit";
import { AnalyticsServiceService } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { loadAnalyticsConfig } from "./config.ts";
import { busRollupPublisher } from "./events/rollup-publisher.ts";
import { threadEventHandlers } from "./events/thread-event-handlers.ts";
import { analyticsGrpc } from "./grpc/analytics-grpc.ts";
import { createMongoVolumeStore } from "./store/mongo-volume-store.ts";

const SERVICE = "analytics";
const config = loadAnalyticsConfig(process.env);
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
const store = await createMongoVolumeStore(mongo);

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  services: [
    {
      name: "switchboard.analytics.v1.AnalyticsService",
      definition: AnalyticsServiceService,
      implementation: analyticsGrpc(store, logger),
    },
  ],
});
const subscription = await bus.subscribe({
  groupId: config.CONSUMER_GROUP,
  handlers: threadEventHandlers(store, busRollupPublisher(bus)),
});
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: { mongo: () => mongoIsReady(mongo) } });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onStopIntake("consumer", () => subscription.stop());
shutdown.onClose("telemetry", () => telemetry.shutdown());
shutdown.onClose("mongo", () => mongo.close());
shutdown.onClose("kafka", () => bus.close());

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "analytics service ready");
