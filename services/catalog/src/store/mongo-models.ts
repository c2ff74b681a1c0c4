// Mongoose schema of the catalog store. The unique index (tenantId, catalogId, retailerId) makes
// two concurrent upserts of the same product collide instead of duplicating it, and it is also
// the index that serves listing a catalog in retailerId order.
import { type Connection, Schema } from "mongoose";
import type { ProductRecord } from "../domain/product.ts";

const productSchema = new Schema<ProductRecord>(
  {
    tenantId: { type: String, required: true },
    catalogId: { type: String, required: true },
    retailerId: { type: String, required: true },
    name: { type: String, required: true },
    priceMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    availableQuantity: { type: Number, required: true },
  },
  { versionKey: false },
);
productSchema.index({ tenantId: 1, catalogId: 1, retailerId: 1 }, { unique: true });

export function catalogModels(connection: Connection) {
  return {
    products: connection.model<ProductRecord>("Product", productSchema, "products"),
  };
}
