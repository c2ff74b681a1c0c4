// In-memory adapter of the ProductStore for unit tests and local experiments. It mirrors the
// Mongo adapter's observable behaviour (ordering, cursors, tenant isolation) and hands out
// copies, so callers cannot mutate what it holds. Never used in production.
import { decodeCursor, encodeCursor } from "@switchboard/kit";
import type { ProductRecord } from "../domain/product.ts";
import type { ProductStore } from "./product-store.ts";

const keyOf = (tenantId: string, catalogId: string, retailerId: string) =>
  JSON.stringify([tenantId, catalogId, retailerId]);

export function createInMemoryProductStore(): ProductStore {
  const products = new Map<string, ProductRecord>();

  return {
    async upsertProduct(scope, product) {
      const key = keyOf(scope.tenantId, product.catalogId, product.retailerId);
      const created = !products.has(key);
      const record: ProductRecord = { ...product, tenantId: scope.tenantId };
      products.set(key, record);
      return { product: { ...record }, created };
    },

    async getProduct(scope, catalogId, retailerId) {
      const found = products.get(keyOf(scope.tenantId, catalogId, retailerId));
      return found ? { ...found } : undefined;
    },

    async listProducts(scope, query) {
      const after = decodeCursor(query.cursor, ["string"])?.[0];
      const items = [...products.values()]
        .filter((p) => p.tenantId === scope.tenantId && p.catalogId === query.catalogId)
        .filter((p) => after === undefined || p.retailerId > String(after))
        .sort((a, b) => (a.retailerId < b.retailerId ? -1 : a.retailerId > b.retailerId ? 1 : 0))
        .slice(0, query.limit)
        .map((p) => ({ ...p }));
      const last = items.length === query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.retailerId]) : "" };
    },

    async existingRetailerIds(scope, catalogId, retailerIds) {
      return retailerIds.filter((id) => products.has(keyOf(scope.tenantId, catalogId, id)));
    },
  };
}
