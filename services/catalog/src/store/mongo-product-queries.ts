// MongoDB adapter of ProductQueries over the `products` heads of the product revision chain.
// These scan on FerretDB (it pushes down only `_id` filters); a catalog page is bounded by
// `limit`. The `(tenantId, businessId, catalogId, retailerId)` index that serves them on MongoDB
// is created only when asked for: on FerretDB v1 it made every `_id $in` read of the collection
// scan (7 ms → 133 ms per 500 ids at 20,000 products), so a feed import slowed as it grew.
import { decodeCursor, encodeCursor, traceDb } from "@switchboard/kit";
import type { Connection, mongo } from "mongoose";
import type { ProductState } from "../domain/product.ts";
import type { ProductQueries } from "./product-queries.ts";
import type { Versioned } from "./revision-chain.ts";

export const PRODUCTS = "products";

type Head = ProductState & { _id: string; version: number };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export async function createMongoProductQueries(
  connection: Connection,
  options: { listIndex: boolean },
): Promise<ProductQueries> {
  const heads = connection.db?.collection<Head>(PRODUCTS);
  if (!heads) throw new Error("the Mongo connection is not open");
  if (options.listIndex) await heads.createIndex({ tenantId: 1, businessId: 1, catalogId: 1, retailerId: 1 });
  const toVersioned = ({ _id, version, ...state }: Head): Versioned<ProductState> => ({ id: _id, version, state });

  return {
    async list(scope, filter, page) {
      const after = decodeCursor(page.cursor, ["string"])?.[0];
      const query: mongo.Filter<Head> = {
        tenantId: scope.tenantId,
        businessId: scope.businessId,
        catalogId: filter.catalogId,
        deleted: false,
        ...(after === undefined ? {} : { retailerId: { $gt: String(after) } }),
        ...(filter.availability ? { availability: filter.availability } : {}),
        ...(filter.brand ? { brand: filter.brand } : {}),
        ...(filter.category ? { category: filter.category } : {}),
      };
      const docs = await traceDb(PRODUCTS, "find", () =>
        heads.find(query).sort({ retailerId: 1 }).limit(page.limit).toArray(),
      );
      const items = docs.map(toVersioned);
      const last = items.length === page.limit ? items.at(-1) : undefined;
      return { items, nextCursor: last ? encodeCursor([last.state.retailerId]) : "" };
    },

    async search(scope, catalogId, prefix, limit) {
      const pattern = `^${escapeRegex(prefix)}`;
      const docs = await traceDb(PRODUCTS, "find", () =>
        heads
          .find({
            tenantId: scope.tenantId,
            businessId: scope.businessId,
            catalogId,
            deleted: false,
            $or: [{ retailerId: { $regex: pattern } }, { name: { $regex: pattern, $options: "i" } }],
          })
          .sort({ retailerId: 1 })
          .limit(limit)
          .toArray(),
      );
      return docs.map(toVersioned);
    },
  };
}
