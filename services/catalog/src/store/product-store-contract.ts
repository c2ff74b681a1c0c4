// Behaviour every ProductStore adapter must show, written once and run against each adapter:
// the in-memory one in unit tests, the Mongo one in the integration tests. Each case works in
// its own tenants, so cases never see each other's products even on a shared database.
import { randomUUID } from "node:crypto";
import type { TenantScope } from "@switchboard/kit";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProductInput } from "../domain/product.ts";
import type { ProductStore } from "./product-store.ts";

export const productFixture = (overrides: Partial<ProductInput> = {}): ProductInput => ({
  catalogId: "cat1",
  retailerId: "sku-1",
  name: "Blue mug",
  priceMinor: 1299,
  currency: "USD",
  availableQuantity: 5,
  ...overrides,
});

const freshTenant = (): TenantScope => ({ tenantId: `t-${randomUUID()}`, businessId: "" });

export function describeProductStoreContract(adapter: string, makeStore: () => Promise<ProductStore>): void {
  describe(`ProductStore contract: ${adapter}`, () => {
    let store: ProductStore;
    beforeAll(async () => {
      store = await makeStore();
    });

    it("upserts idempotently: created once, then replaced in place", async () => {
      const scope = freshTenant();
      const first = await store.upsertProduct(scope, productFixture());
      expect(first).toEqual({ created: true, product: { ...productFixture(), tenantId: scope.tenantId } });
      expect((await store.upsertProduct(scope, productFixture())).created).toBe(false);

      const changed = productFixture({ name: "Red mug", priceMinor: 1500, availableQuantity: 0 });
      expect((await store.upsertProduct(scope, changed)).created).toBe(false);
      expect(await store.getProduct(scope, "cat1", "sku-1")).toEqual({ ...changed, tenantId: scope.tenantId });
      expect((await store.listProducts(scope, { catalogId: "cat1", limit: 10, cursor: "" })).items).toHaveLength(1);
    });

    it("creates exactly one product when the same new product is upserted concurrently", async () => {
      const scope = freshTenant();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.upsertProduct(scope, productFixture({ retailerId: "sku-race" }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect((await store.listProducts(scope, { catalogId: "cat1", limit: 10, cursor: "" })).items).toHaveLength(1);
    });

    it("keeps tenants and catalogs apart", async () => {
      const a = freshTenant();
      const b = freshTenant();
      await store.upsertProduct(a, productFixture());
      expect(await store.getProduct(b, "cat1", "sku-1")).toBeUndefined();
      expect(await store.getProduct(a, "cat2", "sku-1")).toBeUndefined();
      expect((await store.listProducts(b, { catalogId: "cat1", limit: 10, cursor: "" })).items).toEqual([]);
      expect(await store.existingRetailerIds(b, "cat1", ["sku-1"])).toEqual([]);

      // The same retailer id in another tenant is a different product.
      expect((await store.upsertProduct(b, productFixture({ name: "B's mug" }))).created).toBe(true);
      expect((await store.getProduct(a, "cat1", "sku-1"))?.name).toBe("Blue mug");
    });

    it("pages through a catalog by retailer id with opaque cursors", async () => {
      const scope = freshTenant();
      for (const id of ["sku-c", "sku-a", "sku-e", "sku-b", "sku-d"]) {
        await store.upsertProduct(scope, productFixture({ retailerId: id }));
      }
      await store.upsertProduct(scope, productFixture({ catalogId: "other", retailerId: "sku-0" }));

      const seen: string[] = [];
      let cursor = "";
      let pages = 0;
      do {
        const page = await store.listProducts(scope, { catalogId: "cat1", limit: 2, cursor });
        seen.push(...page.items.map((p) => p.retailerId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== "" && pages < 10);
      expect(seen).toEqual(["sku-a", "sku-b", "sku-c", "sku-d", "sku-e"]);
    });

    it("rejects a tampered cursor instead of broadening the query", async () => {
      await expect(
        store.listProducts(freshTenant(), { catalogId: "cat1", limit: 2, cursor: "not-a-cursor" }),
      ).rejects.toMatchObject({ code: "invalid_argument" });
    });

    it("reports which retailer ids exist", async () => {
      const scope = freshTenant();
      await store.upsertProduct(scope, productFixture({ retailerId: "sku-1" }));
      await store.upsertProduct(scope, productFixture({ retailerId: "sku-2" }));
      const existing = await store.existingRetailerIds(scope, "cat1", ["sku-1", "sku-3", "sku-2"]);
      expect(existing.sort()).toEqual(["sku-1", "sku-2"]);
      expect(await store.existingRetailerIds(scope, "cat1", [])).toEqual([]);
    });
  });
}
