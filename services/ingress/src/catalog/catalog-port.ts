// What ingress needs from the catalog: which referenced products do not exist.
import type { Caller } from "../tenancy/tenancy-records.ts";

export interface CatalogPort {
  unknownProducts(caller: Caller, catalogId: string, retailerIds: readonly string[]): Promise<string[]>;
}
