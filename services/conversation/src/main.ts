// Composition root of the conversation service: config → runtime (telemetry, logger, shutdown,
// Mongo, Kafka) → build → serve → shutdown. Nothing else in this service opens a connection or
// reads the environment.
import { createHttpServer, readinessChecks, startServiceRuntime } from "@switchboard/kit";
import { loadConversationConfig } from "./config.ts";
import { buildConversationService } from "./conversation-service.ts";
import { createMongoConversationStores } from "./conversation-stores.ts";
import { serveConversationService } from "./serve-conversation-service.ts";

const SERVICE = "conversation";
const config = loadConversationConfig(process.env);
const { logger, shutdown, mongo, bus, security } = await startServiceRuntime(SERVICE, config);

const service = buildConversationService({
  stores: await createMongoConversationStores(mongo),
  bus,
  logger,
  clock: Date.now,
  consumerGroup: config.CONSUMER_GROUP,
});
const served = await serveConversationService(service, {
  bus,
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  security,
  retention: { intervalMs: config.RETENTION_INTERVAL_MS, batchSize: config.RETENTION_BATCH_SIZE },
});
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: readinessChecks({ mongo, bus }) });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
for (const step of served.intake) shutdown.onStopIntake(step.name, () => step.run());

logger.info({ grpcPort: served.grpcPort, httpPort: http.server.address() }, "conversation service ready");
