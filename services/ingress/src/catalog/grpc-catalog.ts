// gRPC adapter of the CatalogPort, calling the catalog service with the caller's tenant scope.
import { credentials } from "@grpc/grpc-js";
import { callUnary } from "@switchboard/kit";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { CatalogPort } from "./catalog-port.ts";

export function createGrpcCatalog(address: string): CatalogPort & { close(): void } {
  const client = new CatalogServiceClient(address, credentials.createInsecure());
  return {
    async unknownProducts(caller, catalogId, retailerIds) {
      const response = await callUnary(
        "switchboard.catalog.v1.CatalogService/FindUnknownProducts",
        client.findUnknownProducts.bind(client),
        { catalogId, retailerIds: [...retailerIds] },
        { scope: caller },
      );
      return response.unknownRetailerIds;
    },
    close: () => client.close(),
  };
}
