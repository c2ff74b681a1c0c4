// Builders of the catalog's product and inventory events, with deterministic ids (a re-publish
// after a retry is recognisable downstream). Keyed by product id, so one product's changes stay
// in order for every consumer.
import { event, type OutgoingEvent } from "@switchboard/kit";
import { InventoryChangedEvent, LowStockCrossedEvent, ProductChangedEvent } from "@switchboard/proto";
import type { ProductRef } from "@switchboard/proto/gen/switchboard/events/v1/commerce";
import type { ProductState } from "../domain/product.ts";
import { crossedLowStock, type StockOwner, type StockState } from "../domain/stock-ledger.ts";
import type { Versioned } from "../store/revision-chain.ts";

export const productRefOf = (owner: StockOwner): ProductRef => ({
  tenantId: owner.tenantId,
  businessId: owner.businessId,
  catalogId: owner.catalogId,
  retailerId: owner.retailerId,
});

export function productChanged(product: Versioned<ProductState>, nowMs: number): OutgoingEvent {
  const change = product.state.deleted ? "deleted" : product.version === 1 ? "created" : "updated";
  return event(ProductChangedEvent, {
    id: `product:${product.id}@${product.version}`,
    key: product.id,
    tenantId: product.state.tenantId,
    data: { product: productRefOf(product.state), change, version: product.version, changedAtMs: nowMs },
  });
}

/** InventoryChanged for a stock revision, and LowStockCrossed when it crossed the threshold. */
export function inventoryEvents(
  before: StockState | undefined,
  after: Versioned<StockState>,
  nowMs: number,
): OutgoingEvent[] {
  const { state } = after;
  const events = [
    event(InventoryChangedEvent, {
      id: `inventory:${after.id}@${after.version}`,
      key: after.id,
      tenantId: state.tenantId,
      data: {
        product: productRefOf(state),
        availableQuantity: state.available,
        reservedQuantity: state.reserved,
        delta: state.delta,
        reason: state.reason,
        ledgerVersion: after.version,
        changedAtMs: nowMs,
      },
    }),
  ];
  if (crossedLowStock(before, state)) {
    events.push(
      event(LowStockCrossedEvent, {
        id: `low-stock:${after.id}@${after.version}`,
        key: after.id,
        tenantId: state.tenantId,
        data: {
          product: productRefOf(state),
          availableQuantity: state.available,
          threshold: state.lowStockThreshold,
          ledgerVersion: after.version,
        },
      }),
    );
  }
  return events;
}
