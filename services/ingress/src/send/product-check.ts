// Checks the products a commerce message names against the catalog service (gRPC, in the caller's
// tenant scope). Unknown retailer ids are 131009 naming them; a catalog message from a number
// without a linked catalog is 131009 too. Never lets an unchecked product message through.
import type { CatalogPort } from "../catalog/catalog-port.ts";
import { invalidParameterValue } from "../graph/graph-errors.ts";
import type { Caller, PhoneNumberRecord } from "../tenancy/tenancy-records.ts";
import type { ProductReference } from "./message-types/message-families.ts";

export async function checkProducts(
  catalog: CatalogPort,
  caller: Caller,
  number: PhoneNumberRecord,
  products: ProductReference,
): Promise<void> {
  const catalogId = products.catalogId ?? number.catalogId;
  if (!catalogId) throw invalidParameterValue("interactive: no catalog is linked to this phone number");
  const unknown = await catalog.unknownProducts(caller, catalogId, products.retailerIds);
  if (unknown.length > 0) {
    throw invalidParameterValue(`Products not found in catalog ${catalogId}: ${unknown.join(", ")}`);
  }
}
