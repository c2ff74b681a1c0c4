// Orders over RPC: read one, and move it along the lifecycle (paid, shipped, completed,
// cancelled). A move is a compare-and-set append on the order's chain, so it never overwrites
// the decider's decision or another move; cancelling publishes a release per reserved line.
// Repeating a move the order already made publishes its events again (same ids) and succeeds,
// which is how a client recovers from a crash between the append and the publish.
import { AppError, type TenantScope } from "@switchboard/kit";
import { idBelongsTo } from "../domain/commerce-ids.ts";
import { ORDER_STATUSES, type OrderState, type OrderStatus } from "../domain/order.ts";
import { moveOrder } from "../domain/order-lifecycle.ts";
import { orderRevisionEvents } from "../events/order-events.ts";
import type { Versioned } from "../store/revision-chain.ts";
import { APPEND_ATTEMPTS, type CatalogPorts } from "./catalog-ports.ts";

export function createOrderService(ports: CatalogPorts) {
  async function get(scope: TenantScope, orderId: string): Promise<Versioned<OrderState>> {
    // Another scope's order is not found, whether or not it exists.
    const tip = idBelongsTo(orderId, scope) ? (await ports.orders.tips([orderId])).get(orderId) : undefined;
    if (!tip || tip.state.tenantId !== scope.tenantId || tip.state.businessId !== scope.businessId) {
      throw new AppError("not_found", "order not found");
    }
    return tip;
  }

  return {
    get,

    async move(scope: TenantScope, orderId: string, status: string): Promise<Versioned<OrderState>> {
      if (!ORDER_STATUSES.includes(status as OrderStatus))
        throw new AppError("invalid_argument", `unknown order status ${status}`);
      const to = status as OrderStatus;
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const tip = await get(scope, orderId);
        if (tip.state.status === to && tip.state.transition?.to === to) {
          await ports.bus.publish(orderRevisionEvents(tip));
          return tip;
        }
        const revision = { id: orderId, version: tip.version + 1, state: moveOrder(tip.state, to, ports.now()) };
        if (!(await ports.orders.append([revision])).has(orderId)) {
          await ports.bus.publish(orderRevisionEvents(revision));
          return revision;
        }
      }
      throw new AppError("unavailable", "the order is changing concurrently; retry");
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
