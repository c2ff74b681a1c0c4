// What the catalog keeps per product, in Meta's Commerce shape. Money is in integer minor units
// (cents) with an ISO 4217 code, never floats. A product is identified by (tenant, business,
// catalog, retailer id), the retailer id being the seller's own SKU that product messages and
// orders refer to. Inventory is not a product field here: it lives in the stock ledger, whose
// only writers are the ledger's compare-and-set appends (see stock-ledger.ts).

export const AVAILABILITIES = ["in_stock", "out_of_stock", "preorder", "available_for_order", "discontinued"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const CONDITIONS = ["new", "refurbished", "used"] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface ProductKey {
  catalogId: string;
  retailerId: string;
}

/** The fields a business edits; a change of any of them is a new product version. */
export interface ProductFields {
  name: string;
  description: string;
  priceMinor: number;
  /** 0 when there is no sale price. */
  salePriceMinor: number;
  currency: string;
  availability: Availability;
  condition: Condition;
  imageUrl: string;
  link: string;
  brand: string;
  category: string;
  customAttributes: Record<string, string>;
  /** LowStockCrossed fires when the available quantity falls to or below this; 0 = never. */
  lowStockThreshold: number;
}

/** A product as stored in its revision chain: owner, key and fields. */
export interface ProductState extends ProductKey, ProductFields {
  tenantId: string;
  businessId: string;
  deleted: boolean;
}

/** A product as a caller describes it: key, fields and the inventory to set. */
export interface ProductInput extends ProductKey, ProductFields {
  availableQuantity: number;
}

/** What readers get: the product's fields at a version, with its current inventory. */
export interface ProductView extends ProductState {
  version: number;
  availableQuantity: number;
  reservedQuantity: number;
}

/** What a product item id (productItemIdOf) stands for. */
export interface ProductItem {
  productId: string;
}

/** The price an order is checked against: the sale price when there is one. */
export function effectivePriceMinor(fields: Pick<ProductFields, "priceMinor" | "salePriceMinor">): number {
  return fields.salePriceMinor > 0 ? fields.salePriceMinor : fields.priceMinor;
}
