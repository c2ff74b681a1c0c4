// A CatalogPort standing in for the catalog service: a product exists when `exists` says so
// (every product, unless a test says otherwise).
import type { CatalogPort } from "../../src/catalog/catalog-port.ts";

export function createFakeCatalog(exists: (retailerId: string) => boolean = () => true): CatalogPort {
  return {
    async unknownProducts(_caller, _catalogId, retailerIds) {
      return retailerIds.filter((id) => !exists(id));
    },
  };
}
