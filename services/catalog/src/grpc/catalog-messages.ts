// Mapping between the catalog's gRPC messages and its domain types. Proto3 sends defaults for
// unset fields ("" enums, 0 numbers); the defaults are resolved here, validation happens in the
// domain's validateProduct.
import type { Order, Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { productIdOf } from "../domain/commerce-ids.ts";
import type { OrderState } from "../domain/order.ts";
import { priceMismatchOf } from "../domain/order.ts";
import type { ProductInput, ProductView } from "../domain/product.ts";
import { productItemIdOf } from "../domain/product-item-id.ts";
import { availabilityOr, conditionOr } from "../domain/product-validation.ts";
import type { Versioned } from "../store/revision-chain.ts";

export function productInputOf(p: Product): ProductInput {
  return {
    catalogId: p.catalogId,
    retailerId: p.retailerId,
    name: p.name,
    description: p.description,
    priceMinor: p.priceMinor,
    salePriceMinor: p.salePriceMinor,
    currency: p.currency,
    availability: availabilityOr(p.availability, p.availableQuantity),
    condition: conditionOr(p.condition),
    imageUrl: p.imageUrl,
    link: p.link,
    brand: p.brand,
    category: p.category,
    customAttributes: { ...p.customAttributes },
    lowStockThreshold: p.lowStockThreshold,
    availableQuantity: p.availableQuantity,
  };
}

export function toProduct(v: ProductView): Product {
  return {
    catalogId: v.catalogId,
    retailerId: v.retailerId,
    name: v.name,
    priceMinor: v.priceMinor,
    currency: v.currency,
    availableQuantity: v.availableQuantity,
    description: v.description,
    salePriceMinor: v.salePriceMinor,
    availability: v.availability,
    condition: v.condition,
    imageUrl: v.imageUrl,
    link: v.link,
    brand: v.brand,
    category: v.category,
    customAttributes: { ...v.customAttributes },
    version: v.version,
    reservedQuantity: v.reservedQuantity,
    lowStockThreshold: v.lowStockThreshold,
    itemId: productItemIdOf(productIdOf(v, v.catalogId, v.retailerId)),
  };
}

export function toOrder({ state, version }: Versioned<OrderState>): Order {
  return {
    orderId: state.orderId,
    catalogId: state.catalogId,
    messageId: state.messageId,
    phoneNumberId: state.thread.phoneNumberId,
    customerId: state.thread.customerId,
    status: state.status,
    lines: state.lines.map((l) => ({ ...l })),
    version,
    createdAtMs: state.createdAtMs,
    updatedAtMs: state.transition?.atMs ?? state.createdAtMs,
    priceMismatch: priceMismatchOf(state),
  };
}
