// Composition root of the catalog service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection. The runtime opens the event bus as
// for every service; the catalog publishes nothing yet (inventory and order events come next).
import { createHttpServer, mongoIsReady, startGrpcServer, startServiceRuntime } from "@switchboard/kit";
import { CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { loadCatalogConfig } from "./config.ts";
import { catalogGrpc } from "./grpc/catalog-grpc.ts";
import { createMongoProductStore } from "./store/mongo-product-store.ts";

const SERVICE = "catalog";
const config = loadCatalogConfig(process.env);
const { logger, shutdown, mongo } = await startServiceRuntime(SERVICE, config);
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

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "catalog service ready");
