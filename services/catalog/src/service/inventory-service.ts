// Inventory adjustments over RPC: a delta with a reason (restock, damage, stocktake), appended to
// the product's stock ledger by compare-and-set, so it serialises with the stock keeper's
// reservations instead of racing them. Removing more than is available is refused.
import { AppError, type TenantScope } from "@switchboard/kit";
import { productIdOf } from "../domain/commerce-ids.ts";
import type { ProductKey } from "../domain/product.ts";
import { adjustStock, type StockState, setStock } from "../domain/stock-ledger.ts";
import { inventoryEvents } from "../events/catalog-events.ts";
import { announcedWrites } from "./announced-writes.ts";
import { APPEND_ATTEMPTS, type CatalogPorts } from "./catalog-ports.ts";

const REASON = /^[a-z0-9_-]{1,40}$/;

export function createInventoryService(ports: CatalogPorts) {
  return {
    async adjust(scope: TenantScope, key: ProductKey, delta: number, reason: string): Promise<StockState> {
      if (!REASON.test(reason))
        throw new AppError("invalid_argument", "reason must be 1-40 characters of a-z, 0-9, _ or -");
      const id = productIdOf(scope, key.catalogId, key.retailerId);
      const product = (await ports.products.tips([id])).get(id);
      if (!product || product.state.deleted) throw new AppError("not_found", "product not found");
      const nowMs = ports.now();
      const writes = announcedWrites(ports, nowMs);
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const tip = (await ports.stock.tips([id])).get(id);
        const base = tip?.state ?? setStock(undefined, product.state, 0, product.state.lowStockThreshold);
        const revision = { id, version: (tip?.version ?? 0) + 1, state: adjustStock(base, delta, reason) };
        if (!(await writes.appendStock([revision])).has(id)) {
          await writes.publish(inventoryEvents(tip?.state, revision, nowMs));
          return revision.state;
        }
      }
      throw new AppError("unavailable", "the inventory is changing concurrently; retry");
    },
  };
}
