// MongoDB adapter of the ProductStore (mongoose). An upsert is one updateOne with upsert on the
// unique key, so it is idempotent without transactions or $lookup, which FerretDB v1 lacks.
import { decodeCursor, encodeCursor, isDuplicateKeyError, type TenantScope, traceDb } from "@switchboard/kit";
import type { Connection, QueryFilter } from "mongoose";
import type { ProductInput, ProductRecord } from "../domain/product.ts";
import { catalogModels } from "./mongo-models.ts";
import type { ProductStore } from "./product-store.ts";

const noId = { _id: 0 } as const;

export async function createMongoProductStore(connection: Connection): Promise<ProductStore> {
  const { products } = catalogModels(connection);
  await products.createIndexes();

  const upsertOnce = (scope: TenantScope, product: ProductInput) =>
    traceDb("products", "upsert", () =>
      products.updateOne(
        { tenantId: scope.tenantId, catalogId: product.catalogId, retailerId: product.retailerId },
        {
          // The key fields come from the filter on insert; only the mutable fields are set.
          $set: {
            name: product.name,
            priceMinor: product.priceMinor,
            currency: product.currency,
            availableQuantity: product.availableQuantity,
          },
        },
        { upsert: true },
      ),
    );

  return {
    async upsertProduct(scope, product) {
      let result: Awaited<ReturnType<typeof upsertOnce>>;
      try {
        result = await upsertOnce(scope, product);
      } catch (error) {
        // Two concurrent first upserts: the loser hits the unique index; its retry matches the
        // winner's document and updates it, which is what an upsert means.
        if (!isDuplicateKeyError(error)) throw error;
        result = await upsertOnce(scope, product);
      }
      return { product: { ...product, tenantId: scope.tenantId }, created: result.upsertedCount === 1 };
    },

    async getProduct(scope, catalogId, retailerId) {
      const found = await traceDb("products", "findOne", () =>
        products.findOne({ tenantId: scope.tenantId, catalogId, retailerId }, noId).lean<ProductRecord>(),
      );
      return found ?? undefined;
    },

    async listProducts(scope, query) {
      const after = decodeCursor(query.cursor, ["string"]);
      const items = await traceDb("products", "find", () =>
        products
          .find(
            {
              tenantId: scope.tenantId,
              catalogId: query.catalogId,
              ...(after ? { retailerId: { $gt: after[0] } } : {}),
            } as QueryFilter<ProductRecord>,
            noId,
          )
          .sort({ retailerId: 1 })
          .limit(query.limit)
          .lean<ProductRecord[]>(),
      );
      const last = items.length === query.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.retailerId]) : "" };
    },

    async existingRetailerIds(scope, catalogId, retailerIds) {
      if (retailerIds.length === 0) return [];
      const found = await traceDb("products", "find", () =>
        products
          .find(
            { tenantId: scope.tenantId, catalogId, retailerId: { $in: [...retailerIds] } },
            { _id: 0, retailerId: 1 },
          )
          .lean<Pick<ProductRecord, "retailerId">[]>(),
      );
      return found.map((p) => p.retailerId);
    },
  };
}
