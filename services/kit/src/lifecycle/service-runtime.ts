// What every service's composition root starts first, in this order: telemetry, logger, the
// two-phase shutdown, the metrics endpoint (METRICS_PORT), the MongoDB connection and the Kafka event bus — with their closing steps
// registered (phase 2 closes Kafka, then Mongo, then telemetry). main.ts then builds the service
// on top and registers its own intake steps. This is the only place these connections are opened.
import type { Connection } from "mongoose";
import type { Logger } from "pino";
import type { CommonConfig } from "../config/common-config.ts";
import type { EventBus } from "../events/event-bus.ts";
import { createKafkaEventBus } from "../events/kafka-event-bus.ts";
import { createLogger } from "../logging/logger.ts";
import { connectMongo, mongoIsReady, pingWithFreshClient } from "../mongo/connect-mongo.ts";
import { createStoreClientWatchdog } from "../mongo/store-client-watchdog.ts";
import { type InternalSecurity, internalSecurityOf } from "../security/internal-security.ts";
import { startMetricsServer } from "../telemetry/metrics-server.ts";
import { startTelemetry } from "../telemetry/start-telemetry.ts";
import { createShutdown, type Shutdown } from "./shutdown.ts";

export interface ServiceRuntime {
  logger: Logger;
  shutdown: Shutdown;
  mongo: Connection;
  bus: EventBus;
  /** Key ring, gRPC mTLS and reflection setting for the service's gRPC server and clients. */
  security: InternalSecurity;
}

export async function startServiceRuntime(
  service: string,
  config: CommonConfig & { MONGODB_DATABASE: string },
): Promise<ServiceRuntime> {
  // First: a production process without keys must not open anything.
  const security = internalSecurityOf(config);
  const telemetry = startTelemetry({
    serviceName: service,
    exporter: config.OTEL_EXPORTER,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.onClose("telemetry", () => telemetry.shutdown());
  // Scrapes keep answering through the drain; closed after Kafka and Mongo, before telemetry.
  const metrics = await startMetricsServer({ host: config.METRICS_HOST, port: config.METRICS_PORT });
  shutdown.onClose("metrics", () => metrics.close());
  logger.info({ metricsPort: metrics.port }, "metrics on /metrics");

  const mongo = await connectMongo({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DATABASE,
    serverSelectionTimeoutMs: config.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
  });
  shutdown.onClose("mongo", () => mongo.close());
  const watchdog = createStoreClientWatchdog({
    ownClientAnswers: () => mongoIsReady(mongo),
    freshClientAnswers: () =>
      pingWithFreshClient(config.MONGODB_URI, config.MONGODB_SERVER_SELECTION_TIMEOUT_MS).then(
        () => true,
        () => false,
      ),
    wedgedAfterMs: config.MONGODB_CLIENT_WEDGED_AFTER_MS,
    checkEveryMs: 5_000,
    freshProbeBackoffMaxMs: 60_000,
    onWedged: (failingForMs) => {
      logger.fatal({ failingForMs }, "the MongoDB client stopped reconnecting while the store answers; restarting");
      shutdown.fail("MongoDB client wedged");
    },
    clock: Date.now,
  });
  watchdog.start();
  shutdown.onStopIntake("store client watchdog", async () => watchdog.stop());
  const bus = await createKafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: service,
    source: `/switchboard/${service}`,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    origin: security.keys,
    security: security.kafka,
    createTopics: config.KAFKA_CREATE_TOPICS,
    maxMessageBytes: config.KAFKA_MAX_MESSAGE_BYTES,
    sessionTimeoutMs: config.KAFKA_CONSUMER_SESSION_TIMEOUT_MS,
    logger,
  });
  shutdown.onClose("kafka", () => bus.close());
  return { logger, shutdown, mongo, bus, security };
}
