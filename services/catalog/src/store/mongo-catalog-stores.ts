// The catalog's Mongo adapters over one connection: the product, stock and order revision chains,
// the product queries and the stock-command markers. Each collection has exactly one adapter
// writing it.
import type { Connection } from "mongoose";
import type { OrderState } from "../domain/order.ts";
import type { ProductItem, ProductState } from "../domain/product.ts";
import type { StockState } from "../domain/stock-ledger.ts";
import type { CatalogPorts } from "../service/catalog-ports.ts";
import { createMongoCommerceRecords } from "./mongo-commerce-records.ts";
import { createMongoEventOutbox } from "./mongo-event-outbox.ts";
import { createMongoProductQueries, PRODUCTS } from "./mongo-product-queries.ts";
import { createMongoRevisionChain } from "./mongo-revision-chain.ts";
import { createMongoStockMarkers } from "./mongo-stock-markers.ts";

export type CatalogStores = Pick<
  CatalogPorts,
  "products" | "productItems" | "productQueries" | "stock" | "markers" | "orders" | "records" | "outbox"
>;

/** `listIndex`: index product heads for catalog pages (MongoDB; leave off on FerretDB v1). */
export async function createMongoCatalogStores(
  connection: Connection,
  options: { listIndex: boolean } = { listIndex: false },
): Promise<CatalogStores> {
  return {
    products: createMongoRevisionChain<ProductState>(connection, PRODUCTS),
    productItems: createMongoRevisionChain<ProductItem>(connection, "product_items"),
    productQueries: await createMongoProductQueries(connection, options),
    stock: createMongoRevisionChain<StockState>(connection, "stock"),
    markers: createMongoStockMarkers(connection),
    orders: createMongoRevisionChain<OrderState>(connection, "orders"),
    records: createMongoCommerceRecords(connection),
    outbox: createMongoEventOutbox(connection),
  };
}
