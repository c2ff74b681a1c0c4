// gRPC adapter of the CatalogPort, calling the catalog service with the caller's tenant scope
// over the catalog channel remote-services.ts opened (which signs each call's scope).
import { callUnary } from "@switchboard/kit";
import type { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { CatalogPort } from "./catalog-port.ts";

export function createGrpcCatalog(client: CatalogServiceClient): CatalogPort {
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
  };
}
