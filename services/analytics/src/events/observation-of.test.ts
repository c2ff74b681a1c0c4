import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
import { describe, expect, it } from "vitest";
import { receivedEvent, T0 } from "../../test/support/volume-fixtures.ts";
import { observationOf } from "./observation-of.ts";

describe("observations of thread events", () => {
  it("derives pricing category, hosting and error codes, and skips statuses that count nothing", () => {
    const of = (spec: Parameters<typeof receivedEvent>[0]) => observationOf(receivedEvent(spec, 0, 1));
    expect(of({ tenantId: "t", kind: "outbound", messageId: "m", atMs: T0, type: "template" })).toMatchObject({
      pricingCategory: "unknown",
      hostingMode: "unknown",
      encryptionState: "unknown",
    });
    expect(
      of({
        tenantId: "t",
        kind: "outbound",
        messageId: "m",
        atMs: T0,
        type: "template",
        category: "utility",
        hostingMode: "bsp",
      }),
    ).toMatchObject({
      pricingCategory: "utility",
      hostingMode: "bsp",
      encryptionState: "provider_accessible",
    });
    expect(of({ tenantId: "t", kind: "outbound", messageId: "m", atMs: T0, category: "bogus" })).toMatchObject({
      pricingCategory: "service",
    });
    expect(
      of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "failed", errorCode: 131047 }),
    ).toMatchObject({
      status: "failed",
      errorCode: "131047",
    });
    expect(of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "failed" })).toMatchObject({
      errorCode: "unknown",
    });
    // The platform's provisional "outcome unknown" is counted apart; Meta's own 131000 is a failure.
    const failedWith = (errorTitle: string) =>
      of({
        tenantId: "t",
        kind: "status",
        messageId: "m",
        atMs: T0,
        status: "failed",
        errorCode: OUTCOME_UNKNOWN_CODE,
        errorTitle,
      });
    expect(failedWith(OUTCOME_UNKNOWN_TITLE)).toMatchObject({ status: "outcome_unknown" });
    expect(failedWith("Something went wrong")).toMatchObject({
      status: "failed",
      errorCode: String(OUTCOME_UNKNOWN_CODE),
    });
    expect(of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "sent" })).toBeUndefined();
    expect(of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "deleted" })).toBeUndefined();
    expect(() =>
      of({ tenantId: "t", payloadTenantId: "u", kind: "status", messageId: "m", atMs: T0, status: "read" }),
    ).toThrow("tenant");
  });

  it("takes an order from catalog's order event, and no order from the customer's order message", () => {
    const order = {
      tenantId: "t",
      kind: "order",
      messageId: "wamid.o1",
      orderId: "o:t/w/wamid.o1",
      version: 2,
      toStatus: "confirmed",
      atMs: T0 + 60_000,
      placedAtMs: T0,
      hostingMode: "on_premises",
      lines: [
        { quantity: 2, itemPriceMinor: 1999, currency: "EUR" },
        { quantity: 1, itemPriceMinor: 500, currency: "JPY" },
      ],
    } as const;
    expect(observationOf(receivedEvent({ ...order, lines: [...order.lines] }, 0, 7))).toMatchObject({
      kind: "order",
      orderId: "o:t/w/wamid.o1",
      atMs: T0,
      hostingMode: "on_premises",
      encryptionState: "end_to_end",
      totals: { EUR: { valueMilli: 39_980 }, JPY: { valueMilli: 500_000 } },
      delivery: { topic: "switchboard.order-events.v1", partition: 0, offset: "7" },
    });
    expect(() =>
      observationOf(receivedEvent({ ...order, lines: [...order.lines], payloadTenantId: "u" }, 0, 8)),
    ).toThrow("tenant");
    const message = JSON.stringify({ order: { product_items: [{ quantity: 1, item_price: 5, currency: "USD" }] } });
    const inbound = observationOf(
      receivedEvent(
        { tenantId: "t", kind: "inbound", messageId: "m", atMs: T0, type: "order", messageJson: message },
        0,
        9,
      ),
    );
    expect(inbound).toMatchObject({ kind: "message", messageType: "order" });
    expect(inbound).not.toHaveProperty("order");
  });
});
