// The handlers over the real builder with in-memory stores and bus, called the way grpc-js calls
// them: proves the AppError → gRPC status mapping, versioned updates, and that every RPC is
// scoped by tenant AND business, without a network.
import { type handleUnaryCall, Metadata, type ServerUnaryCall, status } from "@grpc/grpc-js";
import { bindVerifiedScope, createLogger, type TenantScope } from "@switchboard/kit";
import type { CatalogServiceServer } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { beforeEach, describe, expect, it } from "vitest";
import { catalogHarness } from "../../test/support/catalog-harness.ts";
import { productMessage } from "../../test/support/product-fixtures.ts";
import { catalogGrpc } from "./catalog-grpc.ts";

const logger = createLogger({ service: "catalog-test", level: "silent" });
const owner: TenantScope = { tenantId: "t1", businessId: "b1" };
const sibling: TenantScope = { tenantId: "t1", businessId: "b2" };
const stranger: TenantScope = { tenantId: "t2", businessId: "b1" };
const list = {
  catalogId: "cat1",
  pageSize: 0,
  cursor: "",
  availability: "",
  inStockOnly: false,
  brand: "",
  category: "",
};

let grpc: CatalogServiceServer;
beforeEach(async () => {
  grpc = catalogGrpc((await catalogHarness()).service, logger);
});

function invoke<Req, Res>(
  handler: handleUnaryCall<Req, Res>,
  request: NoInfer<Req>,
  scope: TenantScope | null = owner,
): Promise<Res> {
  const metadata = new Metadata();
  // What the server's guard does once the call's scope token verified.
  if (scope) bindVerifiedScope(metadata, scope);
  const call = { request, metadata, getPath: () => "/test" } as unknown as ServerUnaryCall<Req, Res>;
  return new Promise((resolve, reject) =>
    handler(call, (error, response) => (error ? reject(error) : resolve(response as Res))),
  );
}

describe("catalog gRPC handlers", () => {
  it("creates, reads, updates at a version, and refuses a stale version clearly", async () => {
    const created = await invoke(grpc.createProduct, { product: productMessage() });
    expect(created.product).toMatchObject({ retailerId: "sku-1", version: 1, availableQuantity: 5 });
    await expect(invoke(grpc.createProduct, { product: productMessage() })).rejects.toMatchObject({
      code: status.ALREADY_EXISTS,
    });
    const updated = await invoke(grpc.updateProduct, {
      product: productMessage({ name: "Red mug" }),
      expectedVersion: 1,
    });
    expect(updated.product).toMatchObject({ name: "Red mug", version: 2 });
    await expect(
      invoke(grpc.updateProduct, { product: productMessage({ name: "Green" }), expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: "stale version: the product is at version 2, the update was made against version 1",
    });
    expect((await invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "sku-1", itemId: "" })).product?.name).toBe(
      "Red mug",
    );
  });

  it("deletes, then lists, filters and searches only live products", async () => {
    await invoke(grpc.batchUpsertProducts, {
      products: [
        productMessage({ retailerId: "mug-1", name: "Mug", brand: "acme" }),
        productMessage({ retailerId: "mug-2", name: "Mug two", availableQuantity: 0, availability: "out_of_stock" }),
        productMessage({ retailerId: "tea-1", name: "Green tea" }),
      ],
    });
    expect((await invoke(grpc.deleteProduct, { catalogId: "cat1", retailerId: "mug-2" })).deleted).toBe(true);
    expect((await invoke(grpc.listProducts, list)).products.map((p) => p.retailerId)).toEqual(["mug-1", "tea-1"]);
    expect((await invoke(grpc.listProducts, { ...list, brand: "acme" })).products.map((p) => p.retailerId)).toEqual([
      "mug-1",
    ]);
    const found = await invoke(grpc.searchProducts, { catalogId: "cat1", prefix: "green", pageSize: 0 });
    expect(found.products.map((p) => p.retailerId)).toEqual(["tea-1"]);
    expect(
      (await invoke(grpc.createProduct, { product: productMessage({ retailerId: "mug-2" }) })).product?.version,
    ).toBe(3);
  });

  it("reports each bad row of a batch on its own and writes the rest", async () => {
    const { results } = await invoke(grpc.batchUpsertProducts, {
      products: [productMessage({ retailerId: "ok" }), productMessage({ retailerId: "bad", currency: "usd" })],
    });
    expect(results.map((r) => [r.retailerId, r.outcome])).toEqual([
      ["ok", "created"],
      ["bad", "failed"],
    ]);
    expect(results[1]?.error).toContain("currency");
  });

  it("adjusts inventory with a reason and refuses to go below zero", async () => {
    await invoke(grpc.upsertProduct, { product: productMessage() });
    expect(
      await invoke(grpc.adjustInventory, { catalogId: "cat1", retailerId: "sku-1", delta: 3, reason: "restock" }),
    ).toEqual({
      availableQuantity: 8,
      reservedQuantity: 0,
    });
    await expect(
      invoke(grpc.adjustInventory, { catalogId: "cat1", retailerId: "sku-1", delta: -9, reason: "damaged" }),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
  });

  it("keeps every product RPC inside its tenant and business", async () => {
    await invoke(grpc.upsertProduct, { product: productMessage({ retailerId: "secret" }) });
    for (const scope of [sibling, stranger]) {
      await expect(
        invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "secret", itemId: "" }, scope),
      ).rejects.toMatchObject({
        code: status.NOT_FOUND,
      });
      expect((await invoke(grpc.listProducts, list, scope)).products).toEqual([]);
      expect(
        (await invoke(grpc.searchProducts, { catalogId: "cat1", prefix: "sec", pageSize: 0 }, scope)).products,
      ).toEqual([]);
      expect(
        (await invoke(grpc.findUnknownProducts, { catalogId: "cat1", retailerIds: ["secret"] }, scope))
          .unknownRetailerIds,
      ).toEqual(["secret"]);
      await expect(
        invoke(grpc.updateProduct, { product: productMessage({ retailerId: "secret" }), expectedVersion: 1 }, scope),
      ).rejects.toMatchObject({
        code: status.NOT_FOUND,
      });
      await expect(
        invoke(grpc.adjustInventory, { catalogId: "cat1", retailerId: "secret", delta: -1, reason: "theft" }, scope),
      ).rejects.toMatchObject({
        code: status.NOT_FOUND,
      });
      expect((await invoke(grpc.deleteProduct, { catalogId: "cat1", retailerId: "secret" }, scope)).deleted).toBe(
        false,
      );
    }
    expect(
      (await invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "secret", itemId: "" })).product
        ?.availableQuantity,
    ).toBe(5);
  });

  it("maps validation failures to INVALID_ARGUMENT and a missing scope to UNAUTHENTICATED", async () => {
    await expect(invoke(grpc.upsertProduct, { product: undefined })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: "product is required",
    });
    await expect(invoke(grpc.listProducts, list, null)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });
});

describe("items_batch and commerce settings", () => {
  it("applies a batch, reports its bad requests by position, and hides the handle from other scopes", async () => {
    await invoke(grpc.upsertProduct, { product: productMessage({ retailerId: "old" }) });
    const { handle } = await invoke(grpc.submitItemsBatch, {
      catalogId: "cat1",
      requests: [
        { method: "CREATE", data: { id: "new-1", title: "New", price: "3.50 USD", inventory: "4" } },
        { method: "UPDATE", data: { id: "new-2", title: "Bad", price: "3,50" } },
        { method: "DELETE", data: { id: "old" } },
        { method: "PATCH", data: { id: "x" } },
      ],
    });
    const batch = await invoke(grpc.getItemsBatchStatus, { catalogId: "cat1", handle });
    expect(batch).toMatchObject({ status: "finished", requests: 4 });
    expect(batch.errors.map((e) => [e.line, e.retailerId])).toEqual([
      [1, "new-2"],
      [3, "x"],
    ]);
    expect(
      (await invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "new-1", itemId: "" })).product,
    ).toMatchObject({
      priceMinor: 350,
      availableQuantity: 4,
    });
    await expect(invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "old", itemId: "" })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(invoke(grpc.getItemsBatchStatus, { catalogId: "cat1", handle }, sibling)).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it("keeps commerce settings per number and scope, changing only what is given", async () => {
    expect(await invoke(grpc.getCommerceSettings, { phoneNumberId: "pn1" })).toEqual({
      phoneNumberId: "pn1",
      isCartEnabled: true,
      isCatalogVisible: false,
      orderPolicy: "",
      autoReplies: false,
    });
    await invoke(grpc.updateCommerceSettings, {
      phoneNumberId: "pn1",
      isCatalogVisible: true,
      isCartEnabled: undefined,
      orderPolicy: undefined,
    });
    await invoke(grpc.updateCommerceSettings, {
      phoneNumberId: "pn1",
      isCartEnabled: false,
      isCatalogVisible: undefined,
      orderPolicy: undefined,
    });
    expect(await invoke(grpc.getCommerceSettings, { phoneNumberId: "pn1" })).toMatchObject({
      isCartEnabled: false,
      isCatalogVisible: true,
    });
    expect(await invoke(grpc.getCommerceSettings, { phoneNumberId: "pn1" }, sibling)).toMatchObject({
      isCartEnabled: true,
      isCatalogVisible: false,
      orderPolicy: "",
    });
  });
});
