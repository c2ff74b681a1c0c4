// What the catalog store keeps per product. Money is in minor units (cents) so it stays exact;
// a product is identified by (tenant, catalog, retailer id), the retailer id being the seller's
// own SKU that WhatsApp product messages refer to.
export interface ProductRecord {
  tenantId: string;
  catalogId: string;
  retailerId: string;
  name: string;
  priceMinor: number;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  availableQuantity: number;
}

/** A product as a caller describes it: everything but the tenant, which comes from the scope. */
export type ProductInput = Omit<ProductRecord, "tenantId">;
