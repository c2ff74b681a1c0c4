import { describe, expect, it } from "vitest";
import { orderStatusChange } from "./order-change.ts";

describe("orderStatusChange", () => {
  it("shapes an order transition as an order_statuses entry of the messages field", () => {
    const change = orderStatusChange(
      {
        thread: {
          tenantId: "t",
          businessId: "b",
          phoneNumberId: "p",
          customerId: "15550001",
          customerWaId: "15550001",
        },
        orderId: "o:t/b/wamid.1",
        messageId: "wamid.1",
        catalogId: "800",
        fromStatus: "pending",
        toStatus: "partially_confirmed",
        version: 2,
        unavailableRetailerIds: ["mug"],
        priceMismatch: true,
        changedAtMs: 1_700_000_000_999,
        placedAtMs: 1_700_000_000_000,
        hosting: undefined,
        lines: [{ retailerId: "mug", quantity: 1, itemPriceMinor: 1299, currency: "USD" }],
      },
      { display_phone_number: "15550100", phone_number_id: "p" },
    );
    expect(change).toEqual({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550100", phone_number_id: "p" },
        order_statuses: [
          {
            id: "o:t/b/wamid.1",
            message_id: "wamid.1",
            catalog_id: "800",
            status: "partially_confirmed",
            previous_status: "pending",
            timestamp: "1700000000",
            recipient_id: "15550001",
            unavailable_items: [{ product_retailer_id: "mug" }],
            price_mismatch: true,
          },
        ],
      },
    });
  });
});
