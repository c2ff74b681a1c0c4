// Composition root of the catalog service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection.
import { createHttpServer, mongoIsReady, startGrpcServer, startServiceRuntime } from "@switchboard/kit";
import { CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { buildCatalogService } from "./catalog-service.ts";
import { loadCatalogConfig } from "./config.ts";
import { catalogGrpc } from "./grpc/catalog-grpc.ts";
import { createMongoCatalogStores } from "./store/mongo-catalog-stores.ts";

const SERVICE = "catalog";
const config = loadCatalogConfig(process.env);
const { logger, shutdown, mongo, bus } = await startServiceRuntime(SERVICE, config);
const service = buildCatalogService({
  ...(await createMongoCatalogStores(mongo, { listIndex: config.MONGODB_PRODUCT_LIST_INDEX })),
  bus,
  now: Date.now,
  orderPolicy: () => config.ORDER_POLICY,
});

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  services: [
    {
      name: "switchboard.catalog.v1.CatalogService",
      definition: CatalogServiceService,
      implementation: catalogGrpc(service, logger),
    },
  ],
});
const consumers = await service.consume();
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: { mongo: () => mongoIsReady(mongo) } });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onStopIntake("consumers", async () => {
  await Promise.all(consumers.map((c) => c.stop()));
});

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "catalog service ready");
