// The three gRPC services built with their own builders over in-memory stores and the in-memory
// bus, each served on a local port by the kit's server (scope tokens verified by the same guard
// as in production), with every method of each listed from its generated service definition — the
// fuzz and isolation suites call each one, so a method added to a .proto without a case fails.
import {
  createInMemoryEventBus,
  createLogger,
  type GrpcServiceBinding,
  type RunningGrpcServer,
  startGrpcServer,
} from "@switchboard/kit";
import { testServerSecurity } from "@switchboard/kit/testing";
import { AnalyticsServiceService } from "@switchboard/proto/gen/switchboard/analytics/v1/analytics";
import { CatalogServiceService } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { ConversationServiceService } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { createVolumeHub } from "../../services/analytics/src/events/volume-hub.ts";
import { analyticsGrpc } from "../../services/analytics/src/grpc/analytics-grpc.ts";
import { createInMemoryVolumeStore } from "../../services/analytics/test/support/in-memory-volume-store.ts";
import { buildCatalogService } from "../../services/catalog/src/catalog-service.ts";
import { catalogGrpc } from "../../services/catalog/src/grpc/catalog-grpc.ts";
import { createInMemoryCatalogStores } from "../../services/catalog/test/support/in-memory-catalog-stores.ts";
import { buildConversationService } from "../../services/conversation/src/conversation-service.ts";
import { createInMemoryConversationStores } from "../../services/conversation/test/support/in-memory-stores.ts";

export interface ServedGrpc {
  /** Fully qualified service name → its local address. */
  addresses: Map<string, string>;
  bindings: GrpcServiceBinding[];
  stop(): Promise<void>;
}

export async function serveGrpcServices(): Promise<ServedGrpc> {
  const logger = createLogger({ service: "grpc-fuzz", level: "silent" });
  const bus = createInMemoryEventBus();
  const catalog = buildCatalogService({
    ...createInMemoryCatalogStores(),
    bus,
    now: () => Date.now(),
    orderPolicy: () => "partial",
  });
  const conversation = buildConversationService({
    stores: createInMemoryConversationStores(),
    bus,
    logger,
    clock: () => Date.now(),
    consumerGroup: "fuzz-conversation",
  });
  const bindings: GrpcServiceBinding[] = [
    {
      name: "switchboard.catalog.v1.CatalogService",
      definition: CatalogServiceService,
      implementation: catalogGrpc(catalog, logger),
    },
    {
      name: "switchboard.conversation.v1.ConversationService",
      definition: ConversationServiceService,
      implementation: conversation.grpc,
    },
    {
      name: "switchboard.analytics.v1.AnalyticsService",
      definition: AnalyticsServiceService,
      implementation: analyticsGrpc({
        store: createInMemoryVolumeStore(),
        hub: createVolumeHub(),
        logger,
        graceMs: 60_000,
      }),
    },
  ];
  const servers: RunningGrpcServer[] = [];
  const addresses = new Map<string, string>();
  for (const binding of bindings) {
    const server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      security: testServerSecurity,
      services: [binding],
    });
    servers.push(server);
    addresses.set(binding.name, `127.0.0.1:${server.port}`);
  }
  return {
    addresses,
    bindings,
    async stop() {
      conversation.hub.close();
      for (const server of servers) await server.drain(500);
    },
  };
}
