// The catalog service over the real MongoDB-wire server, for integration tests: its own database
// per suite (dropped afterwards), the real builder and Mongo adapters. The bus is passed in (the
// suite's Kafka test bus), so several instances can share one database and one broker like
// processes of one deployment. Test support only.
import { connectMongo, type EventBus } from "@switchboard/kit";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import type { Connection } from "mongoose";
import { afterAll } from "vitest";
import { buildCatalogService, type CatalogService } from "../../src/catalog-service.ts";
import type { OrderPolicy } from "../../src/domain/order.ts";
import type { CatalogPorts } from "../../src/service/catalog-ports.ts";
import { createMongoCatalogStores } from "../../src/store/mongo-catalog-stores.ts";

export interface MongoCatalog {
  connection: Connection;
  ports: CatalogPorts;
  service: CatalogService;
}

/** Call inside `describe`; `open` builds an instance (each on its own connection to one database). */
export function useMongoCatalog(label: string) {
  const dbName = uniqueName(label);
  const connections: Connection[] = [];
  afterAll(async () => {
    await connections[0]?.dropDatabase();
    await Promise.all(connections.map((c) => c.close()));
  });
  return {
    dbName,
    async open(bus: EventBus, policy: OrderPolicy = "partial"): Promise<MongoCatalog> {
      const connection = await connectMongo({ uri: testServers().mongodbUri, dbName });
      connections.push(connection);
      const ports: CatalogPorts = {
        ...(await createMongoCatalogStores(connection)),
        bus,
        now: Date.now,
        orderPolicy: () => policy,
      };
      return { connection, ports, service: buildCatalogService(ports) };
    },
  };
}
