// The CatalogService gRPC implementation: every call is scoped to the caller's tenant and
// business. Another scope's product or order is NOT_FOUND, indistinguishable from one that does
// not exist (ids embed the scope, so a lookup cannot even address it). Requests are checked by the
// domain's validation before any store is asked anything.
import { AppError, type Logger, unaryHandler } from "@switchboard/kit";
import type { CatalogServiceServer } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { CatalogService } from "../catalog-service.ts";
import type { OrderPolicy } from "../domain/order.ts";
import type { Availability } from "../domain/product.ts";
import { AVAILABILITIES } from "../domain/product.ts";
import { normalizeRetailerIds, requireId } from "../domain/product-validation.ts";
import { productInputOf, toOrder, toProduct } from "./catalog-messages.ts";

const MAX_PAGE = 100;
/** Meta's defaults for a number that never changed its commerce settings. */
const DEFAULT_SETTINGS = { isCartEnabled: true, isCatalogVisible: false, orderPolicy: "" as const, autoReplies: false };
const pageSize = (requested: number) => (requested <= 0 ? 25 : Math.min(requested, MAX_PAGE));

function policyOf(requested: string | undefined, current: OrderPolicy | ""): OrderPolicy | "" {
  if (requested === undefined) return current;
  if (requested !== "" && requested !== "partial" && requested !== "whole") {
    throw new AppError("invalid_argument", "order_policy must be partial or whole");
  }
  return requested;
}

function availabilityFilter(value: string): Availability | undefined {
  if (value === "") return undefined;
  if (!AVAILABILITIES.includes(value as Availability))
    throw new AppError("invalid_argument", `availability must be one of ${AVAILABILITIES.join(", ")}`);
  return value as Availability;
}

export function catalogGrpc(service: CatalogService, logger: Logger): CatalogServiceServer {
  const { products, inventory, orders } = service;
  const key = (request: { catalogId: string; retailerId: string }) => ({
    catalogId: requireId("catalog_id", request.catalogId),
    retailerId: requireId("retailer_id", request.retailerId),
  });
  const productOf = (request: { product?: Parameters<typeof productInputOf>[0] | undefined }) => {
    if (!request.product) throw new AppError("invalid_argument", "product is required");
    return productInputOf(request.product);
  };

  return {
    getProduct: unaryHandler(logger, async (request, scope) => {
      const product = !request.itemId
        ? await products.get(scope, key(request))
        : await products.getByItemId(scope, requireId("item_id", request.itemId));
      if (!product) throw new AppError("not_found", "product not found");
      return { product: toProduct(product) };
    }),

    listProducts: unaryHandler(logger, async (request, scope) => {
      const availability = availabilityFilter(request.availability);
      const page = await service.productQueries.list(
        scope,
        {
          catalogId: requireId("catalog_id", request.catalogId),
          ...(availability ? { availability } : {}),
          ...(request.brand ? { brand: request.brand } : {}),
          ...(request.category ? { category: request.category } : {}),
        },
        { limit: pageSize(request.pageSize), cursor: request.cursor },
      );
      let views = await products.views(page.items);
      if (request.inStockOnly) views = views.filter((v) => v.availableQuantity > 0);
      return { products: views.map(toProduct), nextCursor: page.nextCursor };
    }),

    searchProducts: unaryHandler(logger, async (request, scope) => {
      if (request.prefix.trim() === "") throw new AppError("invalid_argument", "prefix is required");
      const found = await service.productQueries.search(
        scope,
        requireId("catalog_id", request.catalogId),
        request.prefix,
        pageSize(request.pageSize),
      );
      return { products: (await products.views(found)).map(toProduct), nextCursor: "" };
    }),

    findUnknownProducts: unaryHandler(logger, async (request, scope) => {
      const catalogId = requireId("catalog_id", request.catalogId);
      const ids = normalizeRetailerIds(request.retailerIds);
      const known = await products.getMany(scope, catalogId, ids);
      // Request order (after deduplication), so callers can report the first unknown id.
      return { unknownRetailerIds: ids.filter((id) => !known.has(id)) };
    }),

    upsertProduct: unaryHandler(logger, async (request, scope) => {
      const { view, created } = await products.upsert(scope, productOf(request));
      return { product: toProduct(view), created };
    }),

    createProduct: unaryHandler(logger, async (request, scope) => {
      return { product: toProduct(await products.create(scope, productOf(request))), created: true };
    }),

    updateProduct: unaryHandler(logger, async (request, scope) => {
      return {
        product: toProduct(await products.update(scope, productOf(request), request.expectedVersion)),
        created: false,
      };
    }),

    deleteProduct: unaryHandler(logger, async (request, scope) => ({
      deleted: await products.remove(scope, key(request)),
    })),

    batchUpsertProducts: unaryHandler(logger, async (request, scope) => {
      const results = await products.batchUpsert(scope, request.products.map(productInputOf));
      return { results: results.map((r) => ({ retailerId: r.retailerId, outcome: r.outcome, error: r.error })) };
    }),

    adjustInventory: unaryHandler(logger, async (request, scope) => {
      const state = await inventory.adjust(scope, key(request), request.delta, request.reason);
      return { availableQuantity: state.available, reservedQuantity: state.reserved };
    }),

    submitItemsBatch: unaryHandler(logger, async (request, scope) => ({
      handle: await service.itemsBatches.submit(scope, request.catalogId, request.requests),
    })),

    getItemsBatchStatus: unaryHandler(logger, async (request, scope) => {
      const status = await service.itemsBatches.status(scope, request.catalogId, request.handle);
      return { status: "finished", requests: status.requests, errors: status.errors };
    }),

    getCommerceSettings: unaryHandler(logger, async (request, scope) => {
      const phoneNumberId = requireId("phone_number_id", request.phoneNumberId);
      const found = await service.settings.settings(scope, phoneNumberId);
      return { phoneNumberId, ...(found ?? DEFAULT_SETTINGS) };
    }),

    updateCommerceSettings: unaryHandler(logger, async (request, scope) => {
      const phoneNumberId = requireId("phone_number_id", request.phoneNumberId);
      const current = (await service.settings.settings(scope, phoneNumberId)) ?? DEFAULT_SETTINGS;
      const next = {
        isCartEnabled: request.isCartEnabled ?? current.isCartEnabled,
        isCatalogVisible: request.isCatalogVisible ?? current.isCatalogVisible,
        orderPolicy: policyOf(request.orderPolicy, current.orderPolicy),
        autoReplies: request.autoReplies ?? current.autoReplies,
      };
      await service.settings.saveSettings(scope, phoneNumberId, next);
      return { phoneNumberId, ...next };
    }),

    getOrder: unaryHandler(logger, async (request, scope) => ({
      order: toOrder(await orders.get(scope, request.orderId)),
    })),

    updateOrderStatus: unaryHandler(logger, async (request, scope) => ({
      order: toOrder(await orders.move(scope, request.orderId, request.status)),
    })),
  };
}
