// Composition root of the catalog service: config → telemetry → adapters → service → serve →
// shutdown. Nothing else in this service opens a connection.
import { createHttpServer, readinessChecks, startGrpcServer, startServiceRuntime } from "@switchboard/kit";
import { CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { buildCatalogService } from "./catalog-service.ts";
import { loadCatalogConfig } from "./config.ts";
import { catalogGrpc } from "./grpc/catalog-grpc.ts";
import { createMongoCatalogStores } from "./store/mongo-catalog-stores.ts";

const SERVICE = "catalog";
const config = loadCatalogConfig(process.env);
const { logger, shutdown, mongo, bus, security } = await startServiceRuntime(SERVICE, config);
const service = buildCatalogService({
  ...(await createMongoCatalogStores(mongo, { listIndex: config.MONGODB_PRODUCT_LIST_INDEX })),
  bus,
  now: Date.now,
  orderPolicy: () => config.ORDER_POLICY,
});

const grpc = await startGrpcServer({
  host: config.GRPC_HOST,
  port: config.GRPC_PORT,
  security,
  services: [
    {
      name: "switchboard.catalog.v1.CatalogService",
      definition: CatalogServiceService,
      implementation: catalogGrpc(service, logger),
    },
  ],
});
const consumers = await service.consume();
// Events a crashed predecessor appended but never published go out now, then on a timer.
const republish = () =>
  service.republisher
    .republish(config.OUTBOX_REPUBLISH_INTERVAL_MS)
    .then((sent) => sent > 0 && logger.info({ sent }, "republished unconfirmed catalog events"))
    .catch((error: unknown) => logger.error({ err: error }, "republishing catalog events failed"));
await republish();
const republishing = setInterval(republish, config.OUTBOX_REPUBLISH_INTERVAL_MS);
const http = createHttpServer({ logger, bodyLimitBytes: 1024, readinessChecks: readinessChecks({ mongo, bus }) });
await http.listen({ host: config.GRPC_HOST, port: config.HTTP_PORT });

shutdown.onStopIntake("http", async () => {
  http.startDraining();
  await http.close();
});
shutdown.onStopIntake("grpc", () => grpc.drain(5_000));
shutdown.onStopIntake("republisher", async () => clearInterval(republishing));
shutdown.onStopIntake("consumers", async () => {
  await Promise.all(consumers.map((c) => c.stop()));
});

logger.info({ grpcPort: grpc.port, httpPort: http.server.address() }, "catalog service ready");
