// gRPC adapter of the CommercePort over one CatalogService client, with the caller's scope in
// every call's metadata. Batches get a longer deadline: the catalog applies them before answering.
import { AppError, callUnary } from "@switchboard/kit";
import type { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { CommercePort } from "./commerce-port.ts";

const SERVICE = "switchboard.catalog.v1.CatalogService";
const BATCH_TIMEOUT_MS = 60_000;

export function createGrpcCommerce(client: CatalogServiceClient): CommercePort {
  return {
    async findProducts(caller, catalogId, retailerIds) {
      const found = await Promise.all(
        retailerIds.map((retailerId) =>
          callUnary(
            `${SERVICE}/GetProduct`,
            client.getProduct.bind(client),
            { catalogId, retailerId, itemId: "" },
            { scope: caller },
          ).then(
            (r) => r.product,
            (error: unknown) => {
              if (error instanceof AppError && error.code === "not_found") return undefined;
              throw error;
            },
          ),
        ),
      );
      return found.filter((p) => p !== undefined);
    },
    listProducts: (caller, catalogId, page) =>
      callUnary(
        `${SERVICE}/ListProducts`,
        client.listProducts.bind(client),
        {
          catalogId,
          pageSize: page.limit,
          cursor: page.after,
          availability: "",
          inStockOnly: false,
          brand: "",
          category: "",
        },
        { scope: caller },
      ),
    async createProduct(caller, product) {
      const response = await callUnary(
        `${SERVICE}/CreateProduct`,
        client.createProduct.bind(client),
        { product },
        { scope: caller },
      );
      if (!response.product) throw new Error("the catalog answered a create without the product");
      return response.product;
    },
    async productByItemId(caller, itemId) {
      return callUnary(
        `${SERVICE}/GetProduct`,
        client.getProduct.bind(client),
        { catalogId: "", retailerId: "", itemId },
        { scope: caller },
      ).then(
        (r) => r.product,
        (error: unknown) => {
          if (error instanceof AppError && error.code === "not_found") return undefined;
          throw error;
        },
      );
    },
    async updateProduct(caller, product, expectedVersion) {
      const response = await callUnary(
        `${SERVICE}/UpdateProduct`,
        client.updateProduct.bind(client),
        { product, expectedVersion },
        { scope: caller },
      );
      if (!response.product) throw new Error("the catalog answered an update without the product");
      return response.product;
    },
    async setInventory(caller, product, quantity) {
      const response = await callUnary(
        `${SERVICE}/UpsertProduct`,
        client.upsertProduct.bind(client),
        { product: { ...product, availableQuantity: quantity } },
        { scope: caller },
      );
      if (!response.product) throw new Error("the catalog answered an upsert without the product");
      return response.product;
    },
    async deleteProduct(caller, catalogId, retailerId) {
      const response = await callUnary(
        `${SERVICE}/DeleteProduct`,
        client.deleteProduct.bind(client),
        { catalogId, retailerId },
        { scope: caller },
      );
      return response.deleted;
    },
    async submitItemsBatch(caller, catalogId, requests) {
      const response = await callUnary(
        `${SERVICE}/SubmitItemsBatch`,
        client.submitItemsBatch.bind(client),
        { catalogId, requests },
        { scope: caller, timeoutMs: BATCH_TIMEOUT_MS },
      );
      return response.handle;
    },
    batchStatus: (caller, catalogId, handle) =>
      callUnary(
        `${SERVICE}/GetItemsBatchStatus`,
        client.getItemsBatchStatus.bind(client),
        { catalogId, handle },
        { scope: caller },
      ),
    settings: (caller, phoneNumberId) =>
      callUnary(
        `${SERVICE}/GetCommerceSettings`,
        client.getCommerceSettings.bind(client),
        { phoneNumberId },
        { scope: caller },
      ),
    updateSettings: (caller, phoneNumberId, changes) =>
      callUnary(
        `${SERVICE}/UpdateCommerceSettings`,
        client.updateCommerceSettings.bind(client),
        { phoneNumberId, isCartEnabled: changes.isCartEnabled, isCatalogVisible: changes.isCatalogVisible },
        { scope: caller },
      ),
  };
}
