// The CatalogService gRPC implementation: every call is scoped to the caller's tenant. Another
// tenant's product is NOT_FOUND, indistinguishable from one that does not exist. Requests are
// checked by the pure validation module before the store is asked anything.
import { AppError, type Logger, unaryHandler } from "@switchboard/kit";
import type { CatalogServiceServer, Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { ProductRecord } from "../domain/product.ts";
import { normalizeRetailerIds, requireId, validateProduct } from "../domain/product-validation.ts";
import type { ProductStore } from "../store/product-store.ts";

const MAX_PAGE = 100;
const pageSize = (requested: number) => (requested <= 0 ? 25 : Math.min(requested, MAX_PAGE));

export const toProduct = (p: ProductRecord): Product => ({
  catalogId: p.catalogId,
  retailerId: p.retailerId,
  name: p.name,
  priceMinor: p.priceMinor,
  currency: p.currency,
  availableQuantity: p.availableQuantity,
});

export function catalogGrpc(store: ProductStore, logger: Logger): CatalogServiceServer {
  return {
    getProduct: unaryHandler(logger, async (request, scope) => {
      const product = await store.getProduct(
        scope,
        requireId("catalog_id", request.catalogId),
        requireId("retailer_id", request.retailerId),
      );
      if (!product) throw new AppError("not_found", "product not found");
      return { product: toProduct(product) };
    }),

    listProducts: unaryHandler(logger, async (request, scope) => {
      const page = await store.listProducts(scope, {
        catalogId: requireId("catalog_id", request.catalogId),
        limit: pageSize(request.pageSize),
        cursor: request.cursor,
      });
      return { products: page.items.map(toProduct), nextCursor: page.nextCursor };
    }),

    findUnknownProducts: unaryHandler(logger, async (request, scope) => {
      const catalogId = requireId("catalog_id", request.catalogId);
      const ids = normalizeRetailerIds(request.retailerIds);
      const known = new Set(await store.existingRetailerIds(scope, catalogId, ids));
      // Request order (after deduplication), so callers can report the first unknown id.
      return { unknownRetailerIds: ids.filter((id) => !known.has(id)) };
    }),

    upsertProduct: unaryHandler(logger, async (request, scope) => {
      if (!request.product) throw new AppError("invalid_argument", "product is required");
      const { product, created } = await store.upsertProduct(scope, validateProduct(request.product));
      return { product: toProduct(product), created };
    }),
  };
}
