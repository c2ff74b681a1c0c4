// The ProductQueries port: reads over product heads that are not `_id` lookups (a catalog page,
// a prefix search). Every query takes the scope and filters on its tenant and business. Heads can
// lag their chain by a revision after a crashed write; get-by-id reads go through the chain.
import type { TenantScope } from "@switchboard/kit";
import type { Availability, ProductState } from "../domain/product.ts";
import type { Versioned } from "./revision-chain.ts";

export interface Page<T> {
  items: T[];
  /** Empty when there is no further page. */
  nextCursor: string;
}

export interface ProductFilter {
  catalogId: string;
  availability?: Availability;
  brand?: string;
  category?: string;
}

export interface ProductQueries {
  /** Live (not deleted) products in retailer id order; `cursor` is the previous nextCursor. */
  list(
    scope: TenantScope,
    filter: ProductFilter,
    page: { limit: number; cursor: string },
  ): Promise<Page<Versioned<ProductState>>>;
  /** Live products whose retailer id starts with `prefix` or whose name does, ignoring case. */
  search(scope: TenantScope, catalogId: string, prefix: string, limit: number): Promise<Versioned<ProductState>[]>;
}
