// Small factories for catalog tests: a product as a caller submits it, its gRPC message, and an
// inbound order message. Test support only: nothing in src/ may import it.

import type { Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { InboundMessageReceived } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import type { ProductInput } from "../../src/domain/product.ts";

export const productFixture = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  catalogId: "cat1",
  retailerId: "sku-1",
  name: "Blue mug",
  description: "",
  priceMinor: 1299,
  salePriceMinor: 0,
  currency: "USD",
  availability: "in_stock",
  condition: "new",
  imageUrl: "",
  link: "",
  brand: "",
  category: "",
  customAttributes: {},
  lowStockThreshold: 0,
  availableQuantity: 5,
  ...overrides,
});

/** The gRPC message of a product, every field set (version and reservation are read-only). */
export const productMessage = (overrides: Partial<ProductInput> = {}): Product => ({
  ...productFixture(overrides),
  itemId: "",
  version: 0,
  reservedQuantity: 0,
});

export interface OrderSpec {
  tenantId?: string;
  businessId?: string;
  messageId: string;
  customerId?: string;
  catalogId?: string;
  items: { retailerId: string; quantity: number; price: number; currency?: string }[];
}

/** An inbound `order` message as ingress publishes it (Meta's messages[].order shape). */
export function orderMessage(spec: OrderSpec): InboundMessageReceived {
  const customerId = spec.customerId ?? "15550001111";
  return {
    thread: {
      tenantId: spec.tenantId ?? "t1",
      businessId: spec.businessId ?? "b1",
      phoneNumberId: "pn1",
      customerId,
      customerWaId: customerId,
    },
    messageId: spec.messageId,
    type: "order",
    messageJson: JSON.stringify({
      from: customerId,
      id: spec.messageId,
      type: "order",
      order: {
        catalog_id: spec.catalogId ?? "cat1",
        text: "",
        product_items: spec.items.map((i) => ({
          product_retailer_id: i.retailerId,
          quantity: i.quantity,
          item_price: i.price,
          currency: i.currency ?? "USD",
        })),
      },
    }),
    sentAtMs: 0,
    receivedAtMs: 0,
    hosting: undefined,
    contactJson: "",
  };
}
