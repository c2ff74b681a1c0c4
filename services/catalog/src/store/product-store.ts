// The ProductStore port. Every method takes the tenant scope first: there is no way to read or
// write a product without saying whose it is, and adapters put the tenant in every filter.
import type { TenantScope } from "@switchboard/kit";
import type { ProductInput, ProductRecord } from "../domain/product.ts";

export interface Page<T> {
  items: T[];
  /** Empty when there is no further page. */
  nextCursor: string;
}

export interface ProductStore {
  /**
   * Creates or replaces the product with this (catalogId, retailerId). Idempotent: repeating the
   * same call leaves one product with the same fields and reports `created: false`.
   */
  upsertProduct(scope: TenantScope, product: ProductInput): Promise<{ product: ProductRecord; created: boolean }>;
  getProduct(scope: TenantScope, catalogId: string, retailerId: string): Promise<ProductRecord | undefined>;
  /** Products of one catalog ordered by retailerId; `cursor` is the previous page's nextCursor. */
  listProducts(
    scope: TenantScope,
    query: { catalogId: string; limit: number; cursor: string },
  ): Promise<Page<ProductRecord>>;
  /** Which of `retailerIds` exist in the catalog (in no particular order). */
  existingRetailerIds(scope: TenantScope, catalogId: string, retailerIds: readonly string[]): Promise<string[]>;
}
