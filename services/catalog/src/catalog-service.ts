// The one builder of the catalog service: the same `buildCatalogService(ports)` runs in main.ts,
// in the integration tests and in the benchmark. It wires the product, inventory and order logic
// over the ports, and starts the three consumers: order intake (inbound order messages), the
// stock keeper (reserve/release commands, keyed by product) and the order decider (answers,
// keyed by order). Each consumer is a batch handler, so a fetched batch costs a few bulk reads
// and writes, whatever its size.
import { EventHandlers, type SubscriptionHandle } from "@switchboard/kit";
import { InboundMessageReceivedEvent, ReservationAnsweredEvent, StockCommandEvent } from "@switchboard/proto";
import { createCatalogRepublisher } from "./events/catalog-republisher.ts";
import { orderDeciderHandler } from "./events/order-decider.ts";
import { orderIntakeHandler } from "./events/order-intake.ts";
import { stockKeeperHandler } from "./events/stock-keeper.ts";
import type { CatalogPorts } from "./service/catalog-ports.ts";
import { createInventoryService } from "./service/inventory-service.ts";
import { createItemsBatchService } from "./service/items-batch-service.ts";
import { createOrderService } from "./service/order-service.ts";
import { createProductService } from "./service/product-service.ts";

export const CONSUMER_GROUPS = {
  orderIntake: "catalog-order-intake",
  stockKeeper: "catalog-stock-keeper",
  orderDecider: "catalog-order-decider",
} as const;

export type CatalogConsumer = keyof typeof CONSUMER_GROUPS;

export function buildCatalogService(ports: CatalogPorts) {
  const products = createProductService(ports);
  const handlers: Record<CatalogConsumer, EventHandlers> = {
    orderIntake: new EventHandlers().onBatch([InboundMessageReceivedEvent], orderIntakeHandler(ports, products)),
    stockKeeper: new EventHandlers().onBatch([StockCommandEvent], stockKeeperHandler(ports)),
    orderDecider: new EventHandlers().onBatch([ReservationAnsweredEvent], orderDeciderHandler(ports)),
  };
  return {
    products,
    productQueries: ports.productQueries,
    inventory: createInventoryService(ports),
    orders: createOrderService(ports),
    itemsBatches: createItemsBatchService(products, ports.records),
    settings: ports.records,
    /** Sends the events of writes that crashed before publishing them (main.ts runs it). */
    republisher: createCatalogRepublisher(ports),
    handlers,

    /** Starts the given consumers (default all); the handles stop them, committing offsets. */
    async consume(
      which: readonly CatalogConsumer[] = ["orderIntake", "stockKeeper", "orderDecider"],
    ): Promise<SubscriptionHandle[]> {
      return Promise.all(
        which.map((name) => ports.bus.subscribe({ groupId: CONSUMER_GROUPS[name], handlers: handlers[name] })),
      );
    },
  };
}

export type CatalogService = ReturnType<typeof buildCatalogService>;
