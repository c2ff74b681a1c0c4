// A catalog service over in-memory stores and the in-memory event bus, for unit tests: the real
// builder, a settable clock, and the consumers subscribed, so a published order message flows
// through intake, stock keeper and decider synchronously. Test support only.
import { createInMemoryEventBus } from "@switchboard/kit";
import { buildCatalogService } from "../../src/catalog-service.ts";
import type { OrderPolicy } from "../../src/domain/order.ts";
import type { CatalogPorts } from "../../src/service/catalog-ports.ts";
import { createInMemoryCatalogStores } from "./in-memory-catalog-stores.ts";

export async function catalogHarness(options: { policy?: OrderPolicy } = {}) {
  const bus = createInMemoryEventBus();
  const clock = { nowMs: 1_700_000_000_000 };
  const ports: CatalogPorts = {
    ...createInMemoryCatalogStores(),
    bus,
    now: () => clock.nowMs,
    orderPolicy: () => options.policy ?? "partial",
  };
  const service = buildCatalogService(ports);
  await service.consume();
  return { service, ports, bus, clock };
}
