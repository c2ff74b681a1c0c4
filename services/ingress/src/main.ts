// Composition root of the ingress service: config → runtime (telemetry, Mongo, Kafka) → stores and
// clients → build → serve → shutdown. Nothing else in this service opens a connection.
import { readinessChecks, startServiceRuntime } from "@switchboard/kit";
import { loadIngressConfig } from "./config.ts";
import { buildIngressService } from "./ingress-service.ts";
import { createMongoIngressStores } from "./ingress-stores.ts";
import { createInMemoryRateLimiter, rateLimitOptionsOf } from "./rate-limit/in-memory-rate-limiter.ts";
import { connectRemoteServices } from "./remote-services.ts";
import { cachedTenancy } from "./tenancy/cached-tenancy.ts";

const SERVICE = "ingress";
const config = loadIngressConfig(process.env);
const { logger, shutdown, mongo, bus, security } = await startServiceRuntime(SERVICE, config);
const stores = await createMongoIngressStores(mongo, config);
const remotes = connectRemoteServices(config, { keys: security.keys, tls: security.tls, caller: SERVICE });
shutdown.onClose("grpc clients", async () => remotes.close());

const service = buildIngressService(
  {
    logger,
    bus,
    readinessChecks: readinessChecks({ mongo, bus }),
    ...stores,
    // Every request resolves its token and number: a short-lived in-process cache keeps that off the database.
    tenancy: cachedTenancy(stores.tenancy, { ttlMs: config.AUTH_CACHE_TTL_MS }),
    ...remotes,
    rateLimiter: createInMemoryRateLimiter(rateLimitOptionsOf(config)),
  },
  config,
);

// Phase 1 runs in this order: HTTP stops taking requests first, then each worker stops consuming
// (offsets committed) and lets what it has in flight settle.
shutdown.onStopIntake("http", async () => {
  service.http.startDraining();
  await service.http.close();
});
for (const [name, worker] of Object.entries(service.workers)) {
  const running = await worker.start();
  shutdown.onStopIntake(name, () => running.stop());
}
await service.http.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
// Hosting changes a previous process stored but could not get acknowledged by Kafka.
await service
  .publishPendingHostingChanges()
  .catch((error: unknown) => logger.warn({ err: error }, "pending hosting changes not published yet; a retry will"));

logger.info({ httpPort: service.http.server.address() }, "ingress service ready");
