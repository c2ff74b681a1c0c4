// A CommercePort standing in for the catalog service in ingress tests: products, batches and
// settings kept in memory per caller (tenant and business), as the catalog scopes them.
import { AppError } from "@switchboard/kit";
import type {
  CommerceSettings,
  GetItemsBatchStatusResponse,
  Product,
} from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { CommercePort } from "../../src/catalog/commerce-port.ts";
import type { Caller } from "../../src/tenancy/tenancy-records.ts";

export function createFakeCommerce(): CommercePort & { products: Map<string, Product[]> } {
  const products = new Map<string, Product[]>();
  const batches = new Map<string, GetItemsBatchStatusResponse>();
  const settings = new Map<string, CommerceSettings>();
  const itemIds = new Map<string, string>();
  const key = (caller: Caller, id: string) => JSON.stringify([caller.tenantId, caller.businessId, id]);
  return {
    products,
    async findProducts(caller, catalogId, retailerIds) {
      return (products.get(key(caller, catalogId)) ?? []).filter((p) => retailerIds.includes(p.retailerId));
    },
    async listProducts(caller, catalogId) {
      return { products: products.get(key(caller, catalogId)) ?? [], nextCursor: "" };
    },
    async createProduct(caller, product) {
      const list = products.get(key(caller, product.catalogId)) ?? [];
      // 19 digits like the catalog's product item ids, distinct per scope and product.
      const created = { ...product, version: 1, itemId: String(1_000_000_000_000_000_000n + BigInt(itemIds.size + 1)) };
      itemIds.set(created.itemId, key(caller, product.catalogId));
      products.set(key(caller, product.catalogId), [...list, created]);
      return created;
    },
    async productByItemId(caller, itemId) {
      const list = itemIds.get(itemId);
      return list?.startsWith(key(caller, "").slice(0, -3))
        ? products.get(list)?.find((p) => p.itemId === itemId)
        : undefined;
    },
    async updateProduct(caller, product, expectedVersion) {
      const list = products.get(key(caller, product.catalogId)) ?? [];
      const current = list.find((p) => p.retailerId === product.retailerId);
      if (!current) throw new AppError("not_found", "product not found");
      if (current.version !== expectedVersion) throw new AppError("failed_precondition", "stale version");
      const next = { ...product, version: current.version + 1 };
      products.set(
        key(caller, product.catalogId),
        list.map((p) => (p === current ? next : p)),
      );
      return next;
    },
    async setInventory(caller, product, quantity) {
      const list = products.get(key(caller, product.catalogId)) ?? [];
      const next = { ...product, availableQuantity: quantity };
      products.set(
        key(caller, product.catalogId),
        list.map((p) => (p.retailerId === product.retailerId ? next : p)),
      );
      return next;
    },
    async deleteProduct(caller, catalogId, retailerId) {
      const list = products.get(key(caller, catalogId)) ?? [];
      products.set(
        key(caller, catalogId),
        list.filter((p) => p.retailerId !== retailerId),
      );
      return list.some((p) => p.retailerId === retailerId);
    },
    async submitItemsBatch(caller, catalogId, requests) {
      const handle = `h${batches.size + 1}`;
      batches.set(key(caller, handle), { status: "finished", requests: requests.length, errors: [] });
      void catalogId;
      return handle;
    },
    async batchStatus(caller, _catalogId, handle) {
      const found = batches.get(key(caller, handle));
      if (!found) throw new AppError("not_found", "batch request not found");
      return found;
    },
    async settings(caller, phoneNumberId) {
      return (
        settings.get(key(caller, phoneNumberId)) ?? {
          phoneNumberId,
          isCartEnabled: true,
          isCatalogVisible: false,
          orderPolicy: "",
          autoReplies: false,
        }
      );
    },
    async updateSettings(caller, phoneNumberId, changes) {
      const current = await this.settings(caller, phoneNumberId);
      const next = { ...current, ...changes };
      settings.set(key(caller, phoneNumberId), next);
      return next;
    },
  };
}
