import { describe, expect, it } from "vitest";
import { createInMemoryProductStore } from "./in-memory-product-store.ts";
import { describeProductStoreContract, productFixture } from "./product-store-contract.ts";

describeProductStoreContract("in-memory", async () => createInMemoryProductStore());

describe("in-memory product store", () => {
  it("hands out copies, so callers cannot change what it holds", async () => {
    const store = createInMemoryProductStore();
    const scope = { tenantId: "t1", businessId: "" };
    const { product } = await store.upsertProduct(scope, productFixture());
    product.name = "mutated";
    const read = await store.getProduct(scope, "cat1", "sku-1");
    if (read) read.availableQuantity = 999;
    expect(await store.getProduct(scope, "cat1", "sku-1")).toMatchObject({ name: "Blue mug", availableQuantity: 5 });
  });
});
