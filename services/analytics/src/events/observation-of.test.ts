import { describe, expect, it } from "vitest";
import { receivedEvent, T0 } from "../../test/support/volume-fixtures.ts";
import { observationOf, orderTotalsOf } from "./observation-of.ts";

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
    expect(of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "sent" })).toBeUndefined();
    expect(of({ tenantId: "t", kind: "status", messageId: "m", atMs: T0, status: "deleted" })).toBeUndefined();
    expect(() =>
      of({ tenantId: "t", payloadTenantId: "u", kind: "status", messageId: "m", atMs: T0, status: "read" }),
    ).toThrow("tenant");
  });

  it("totals an order per currency in thousandths, tolerating malformed items", () => {
    const order = (items: unknown) => JSON.stringify({ order: { catalog_id: "c", product_items: items } });
    expect(
      orderTotalsOf(
        order([
          { quantity: 2, item_price: 10.005, currency: "USD" },
          { quantity: "1", item_price: "0.5", currency: "USD" },
          { quantity: 3, item_price: 100, currency: "INR" },
          { quantity: 1, item_price: "x", currency: "eur" },
        ]),
      ),
    ).toEqual({ USD: { valueMilli: 20_510 }, INR: { valueMilli: 300_000 }, unknown: { valueMilli: 0 } });
    expect(orderTotalsOf("not json")).toEqual({});
    expect(orderTotalsOf(JSON.stringify({ text: {} }))).toEqual({});
  });
});
