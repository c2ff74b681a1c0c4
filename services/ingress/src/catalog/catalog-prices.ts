// Catalog prices for the upstream simulator's customers, so a simulated order names real products
// of the business's catalog at the catalog's price (the sale price when there is one), as a real
// customer's cart would. Products the catalog does not know are absent: nobody orders them.
import type { ThreadRef } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { CommercePort } from "./commerce-port.ts";

export interface CatalogPrice {
  /** Decimal amount in the currency, as Meta's order `item_price` carries it. */
  amount: number;
  currency: string;
}

export type CatalogPrices = (
  thread: ThreadRef,
  catalogId: string,
  retailerIds: readonly string[],
) => Promise<Map<string, CatalogPrice>>;

export function catalogPricesOf(commerce: Pick<CommercePort, "findProducts">): CatalogPrices {
  return async (thread, catalogId, retailerIds) => {
    const found = await commerce.findProducts(
      { tenantId: thread.tenantId, businessId: thread.businessId },
      catalogId,
      retailerIds,
    );
    const prices = new Map<string, CatalogPrice>();
    for (const p of found) {
      const exponent =
        new Intl.NumberFormat("en", { style: "currency", currency: p.currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
      const minor = p.salePriceMinor > 0 ? p.salePriceMinor : p.priceMinor;
      prices.set(p.retailerId, { amount: minor / 10 ** exponent, currency: p.currency });
    }
    return prices;
  };
}
