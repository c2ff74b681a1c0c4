// What every service's composition root starts first, in this order: telemetry, logger, the
// two-phase shutdown, the MongoDB connection and the Kafka event bus — with their closing steps
// registered (phase 2 closes Kafka, then Mongo, then telemetry). main.ts then builds the service
// on top and registers its own intake steps. This is the only place these connections are opened.
import type { Connection } from "mongoose";
import type { Logger } from "pino";
import type { CommonConfig } from "../config/common-config.ts";
import type { EventBus } from "../events/event-bus.ts";
import { createKafkaEventBus } from "../events/kafka-event-bus.ts";
import { createLogger } from "../logging/logger.ts";
import { connectMongo } from "../mongo/connect-mongo.ts";
import { startTelemetry } from "../telemetry/start-telemetry.ts";
import { createShutdown, type Shutdown } from "./shutdown.ts";

export interface ServiceRuntime {
  logger: Logger;
  shutdown: Shutdown;
  mongo: Connection;
  bus: EventBus;
}

export async function startServiceRuntime(
  service: string,
  config: CommonConfig & { MONGODB_DATABASE: string },
): Promise<ServiceRuntime> {
  const telemetry = startTelemetry({
    serviceName: service,
    exporter: config.OTEL_EXPORTER,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.onClose("telemetry", () => telemetry.shutdown());

  const mongo = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DATABASE });
  shutdown.onClose("mongo", () => mongo.close());
  const bus = await createKafkaEventBus({
    brokers: config.KAFKA_BROKERS,
    clientId: service,
    source: `/switchboard/${service}`,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    logger,
  });
  shutdown.onClose("kafka", () => bus.close());
  return { logger, shutdown, mongo, bus };
}
