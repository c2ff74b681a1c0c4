// Composition root of the analytics service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection.
import { createHttpServer, readinessChecks, startGrpcServer, startServiceRuntime } from "@switchboard/kit";
import { AnalyticsServiceService } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { startAnalyticsService } from "./analytics-service.ts";
import { loadAnalyticsConfig } from "./config.ts";
import { COUNTED_TOPICS } from "./events/observation-of.ts";
import { createVolumeHub } from "./events/volume-hub.ts";
import { analyticsGrpc } from "./grpc/analytics-grpc.ts";
import { createMongoVolumeStore } from "./store/mongo-volume-store.ts";

const SERVICE = "analytics";
const config = loadAnalyticsConfig(process.env);
const { logger, shutdown, mongo, bus, security } = await startServiceRuntime(SERVICE, config);
const store = await createMongoVolumeStore(mongo, {
  topics: COUNTED_TOPICS,
  partitions: config.KAFKA_TOPIC_PARTITIONS,
});
const hub = createVolumeHub();

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  security,
  services: [
    {
      name: "switchboard.analytics.v1.AnalyticsService",
      definition: AnalyticsServiceService,
      implementation: analyticsGrpc({ store, hub, logger, graceMs: config.BUCKET_GRACE_MS }),
    },
  ],
});
// Rollups are stored per partition of the thread-events and order-events topics and summed over
// KAFKA_TOPIC_PARTITIONS of them: it must be at least either topic's partition count.
const service = await startAnalyticsService({
  bus,
  store,
  hub,
  consumerGroup: config.CONSUMER_GROUP,
  partitions: config.KAFKA_TOPIC_PARTITIONS,
  graceMs: config.BUCKET_GRACE_MS,
});
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: readinessChecks({ mongo, bus }) });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onStopIntake("consumer", () => service.stop());

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "analytics service ready");
