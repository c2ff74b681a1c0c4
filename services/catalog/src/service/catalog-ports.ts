// Everything the catalog's logic needs from the outside world, as ports: the three revision
// chains, the product queries, the stock-command markers, batch statuses and settings, the event
// bus and the clock. Built in
// one place (the builder), in-memory adapters in unit tests, Mongo and Kafka everywhere else.
import type { EventBus } from "@switchboard/kit";
import type { OrderPolicy, OrderState } from "../domain/order.ts";
import type { ProductItem, ProductState } from "../domain/product.ts";
import type { StockState } from "../domain/stock-ledger.ts";
import type { CommerceRecords } from "../store/commerce-records.ts";
import type { EventOutbox } from "../store/event-outbox.ts";
import type { ProductQueries } from "../store/product-queries.ts";
import type { RevisionChain } from "../store/revision-chain.ts";
import type { StockMarkers } from "../store/stock-markers.ts";

export interface CatalogPorts {
  products: RevisionChain<ProductState>;
  /** Product item id → product id (insert-only, version 1 only): Graph's `/{product_item_id}`. */
  productItems: RevisionChain<ProductItem>;
  productQueries: ProductQueries;
  stock: RevisionChain<StockState>;
  markers: StockMarkers;
  orders: RevisionChain<OrderState>;
  records: CommerceRecords;
  /** Intents to publish, recorded before the appends they announce (see announced-writes.ts). */
  outbox: EventOutbox;
  bus: EventBus;
  now: () => number;
  /** How a business takes orders some of whose lines cannot be reserved. */
  orderPolicy: (tenantId: string, businessId: string) => OrderPolicy;
}

/** Attempts of a compare-and-set append before the caller is told to retry. */
export const APPEND_ATTEMPTS = 8;
