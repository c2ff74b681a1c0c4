// The handlers wired to the in-memory store, called the way grpc-js calls them: proves the
// mapping from AppError to gRPC status and the FindUnknownProducts ordering without a network.
import { type handleUnaryCall, Metadata, type ServerUnaryCall, status } from "@grpc/grpc-js";
import { createLogger, scopeToMetadataEntries } from "@switchboard/kit";
import { describe, expect, it } from "vitest";
import { createInMemoryProductStore } from "../store/in-memory-product-store.ts";
import { productFixture } from "../store/product-store-contract.ts";
import { catalogGrpc } from "./catalog-grpc.ts";

const grpc = catalogGrpc(createInMemoryProductStore(), createLogger({ service: "catalog-test", level: "silent" }));

function invoke<Req, Res>(handler: handleUnaryCall<Req, Res>, request: NoInfer<Req>, tenantId = "t1"): Promise<Res> {
  const metadata = new Metadata();
  if (tenantId)
    for (const [k, v] of Object.entries(scopeToMetadataEntries({ tenantId, businessId: "" }))) metadata.set(k, v);
  const call = { request, metadata, getPath: () => "/test" } as unknown as ServerUnaryCall<Req, Res>;
  return new Promise((resolve, reject) =>
    handler(call, (error, response) => (error ? reject(error) : resolve(response as Res))),
  );
}

describe("catalog gRPC handlers", () => {
  it("upserts, finds unknown ids in request order, and hides other tenants", async () => {
    await invoke(grpc.upsertProduct, { product: productFixture({ retailerId: "b" }) });
    expect(await invoke(grpc.findUnknownProducts, { catalogId: "cat1", retailerIds: ["z", "b", "a", "z"] })).toEqual({
      unknownRetailerIds: ["z", "a"],
    });
    await expect(invoke(grpc.getProduct, { catalogId: "cat1", retailerId: "b" }, "t2")).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it("maps validation failures to INVALID_ARGUMENT with the reason", async () => {
    await expect(invoke(grpc.upsertProduct, { product: undefined })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: "product is required",
    });
    await expect(invoke(grpc.upsertProduct, { product: productFixture({ currency: "eur" }) })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("currency"),
    });
  });

  it("refuses a call without a tenant", async () => {
    await expect(invoke(grpc.listProducts, { catalogId: "cat1", pageSize: 0, cursor: "" }, "")).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });
});
