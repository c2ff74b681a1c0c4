// Composition root of the catalog service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection. No Kafka yet: the catalog neither
// publishes nor consumes events in the walking skeleton.
import {
  connectMongo,
  createHttpServer,
  createLogger,
  createShutdown,
  mongoIsReady,
  startGrpcServer,
  startTelemetry,
} from "@switchboard/kit";
import { CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { loadCatalogConfig } from "./config.ts";
import { catalogGrpc } from "./grpc/catalog-grpc.ts";
import { createMongoProductStore } from "./store/mongo-product-store.ts";

const SERVICE = "catalog";
const config = loadCatalogConfig(process.env);
const telemetry = startTelemetry({
  serviceName: SERVICE,
  exporter: config.OTEL_EXPORTER,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });

const mongo = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DATABASE });
const store = await createMongoProductStore(mongo);

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  services: [
    {
      name: "switchboard.catalog.v1.CatalogService",
      definition: CatalogServiceService,
      implementation: catalogGrpc(store, logger),
    },
  ],
});
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: { mongo: () => mongoIsReady(mongo) } });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onClose("telemetry", () => telemetry.shutdown());
shutdown.onClose("mongo", () => mongo.close());

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "catalog service ready");
