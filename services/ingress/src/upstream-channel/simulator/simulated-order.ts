// A simulated customer's order, in the exact shape of an inbound `order` message of Meta's
// webhook, placed from the products a business's product or product_list message named. It must
// never invent products the business did not show: a catalog_message names none, so it gets no
// order. With the catalog's prices (the platform always passes them) it orders only products the
// catalog knows, at the catalog's price; run standalone, it makes up a stable price per product.
import { createHash } from "node:crypto";
import type { UpstreamMessage } from "../upstream-channel.ts";
import type { Random } from "./seeded-random.ts";

export interface NamedProducts {
  catalogId: string;
  retailerIds: string[];
}

interface ProductBody {
  interactive?: {
    type?: unknown;
    action?: {
      catalog_id?: unknown;
      product_retailer_id?: unknown;
      sections?: { product_items?: { product_retailer_id?: unknown }[] }[];
    };
  };
}

/** The catalog and retailer ids a product or product_list send body names; undefined otherwise. */
export function namedProducts(bodyJson: string): NamedProducts | undefined {
  let body: ProductBody;
  try {
    body = JSON.parse(bodyJson) as ProductBody;
  } catch {
    return undefined;
  }
  const { type, action } = body.interactive ?? {};
  if (typeof action?.catalog_id !== "string") return undefined;
  const ids =
    type === "product"
      ? [action.product_retailer_id]
      : type === "product_list"
        ? (action.sections ?? []).flatMap((s) => (s.product_items ?? []).map((p) => p.product_retailer_id))
        : [];
  const retailerIds = [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
  return retailerIds.length > 0 ? { catalogId: action.catalog_id, retailerIds } : undefined;
}

/**
 * The simulator does not know prices (the catalog service holds the real ones, and orders are
 * checked against inventory there): each product gets a made-up but stable price, 1–100 whole
 * USD derived from its retailer id, so the same product costs the same in every simulated order.
 */
function simulatedPrice(retailerId: string): number {
  return 1 + (createHash("sha256").update(retailerId).digest().readUInt32BE(0) % 100);
}

/** 1–3 of the named products (fewer if fewer were named), each with quantity 1–3. */
export function simulatedOrder(
  message: UpstreamMessage,
  products: NamedProducts,
  orderId: string,
  atMs: number,
  random: Random,
  prices?: ReadonlyMap<string, { amount: number; currency: string }>,
): Record<string, unknown> {
  const pool = products.retailerIds.filter((id) => !prices || prices.has(id));
  const count = Math.min(pool.length, 1 + Math.floor(random() * 3));
  const chosen: string[] = [];
  for (let n = 0; n < count; n++) {
    const [id] = pool.splice(Math.floor(random() * pool.length), 1);
    if (id !== undefined) chosen.push(id);
  }
  return {
    from: message.thread.customerWaId || message.thread.customerId,
    id: orderId,
    timestamp: String(Math.floor(atMs / 1000)),
    type: "order",
    order: {
      catalog_id: products.catalogId,
      text: "",
      product_items: chosen.map((id) => ({
        product_retailer_id: id,
        quantity: 1 + Math.floor(random() * 3),
        item_price: prices?.get(id)?.amount ?? simulatedPrice(id),
        currency: prices?.get(id)?.currency ?? "USD",
      })),
    },
  };
}
