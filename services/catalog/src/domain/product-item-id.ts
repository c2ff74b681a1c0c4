// A product's Graph id (Meta's `product_item_id`): 19 decimal digits hashed from the product's
// scoped id, so every writer derives the same id without a counter, and the same retailer id in
// another business or tenant gets another one. Looking one up needs the stored mapping
// (`product_items`); the scope check happens on the product id it maps to, never on the number.
import { createHash } from "node:crypto";

const SPAN = 9n * 10n ** 18n;
const FIRST = 10n ** 18n;

export function productItemIdOf(productId: string): string {
  const digest = createHash("sha256").update(productId).digest();
  return String(FIRST + (digest.readBigUInt64BE(0) % SPAN));
}
