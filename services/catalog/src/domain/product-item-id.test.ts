import { describe, expect, it } from "vitest";
import { productIdOf } from "./commerce-ids.ts";
import { productItemIdOf } from "./product-item-id.ts";

describe("product item ids", () => {
  it("are 19-digit Graph ids, stable per product and different per scope", () => {
    const a = productItemIdOf(productIdOf({ tenantId: "t", businessId: "b1" }, "cat", "sku"));
    const b = productItemIdOf(productIdOf({ tenantId: "t", businessId: "b2" }, "cat", "sku"));
    expect(a).toMatch(/^[1-9][0-9]{18}$/);
    expect(productItemIdOf(productIdOf({ tenantId: "t", businessId: "b1" }, "cat", "sku"))).toBe(a);
    expect(b).not.toBe(a);
  });
});
