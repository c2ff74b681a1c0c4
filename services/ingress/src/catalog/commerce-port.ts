// What ingress's catalog routes need from the catalog service: a catalog's products (Meta's
// `/{catalog_id}/products`, and one product at `/{product_item_id}`), its items_batch flow, and a
// number's whatsapp_commerce_settings. The
// caller's tenant and business travel with every call; the catalog scopes everything by them.
import type {
  CommerceSettings,
  GetItemsBatchStatusResponse,
  ItemRequest,
  ListProductsResponse,
  Product,
} from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import type { Caller } from "../tenancy/tenancy-records.ts";

export interface CommercePort {
  /** The live products among `retailerIds` (unknown ones are absent). */
  findProducts(caller: Caller, catalogId: string, retailerIds: readonly string[]): Promise<Product[]>;
  listProducts(
    caller: Caller,
    catalogId: string,
    page: { limit: number; after: string },
  ): Promise<ListProductsResponse>;
  createProduct(caller: Caller, product: Product): Promise<Product>;
  /** The caller's live product with this item id (Graph's product_item_id), if any. */
  productByItemId(caller: Caller, itemId: string): Promise<Product | undefined>;
  /** Replaces the product's fields (not its inventory) if it is still at `expectedVersion`. */
  updateProduct(caller: Caller, product: Product, expectedVersion: number): Promise<Product>;
  /** Sets the units available (feed semantics: the product's fields as given, stock to `quantity`). */
  setInventory(caller: Caller, product: Product, quantity: number): Promise<Product>;
  /** False when there was no live product to delete. */
  deleteProduct(caller: Caller, catalogId: string, retailerId: string): Promise<boolean>;
  submitItemsBatch(caller: Caller, catalogId: string, requests: ItemRequest[]): Promise<string>;
  batchStatus(caller: Caller, catalogId: string, handle: string): Promise<GetItemsBatchStatusResponse>;
  settings(caller: Caller, phoneNumberId: string): Promise<CommerceSettings>;
  updateSettings(
    caller: Caller,
    phoneNumberId: string,
    changes: { isCartEnabled?: boolean; isCatalogVisible?: boolean },
  ): Promise<CommerceSettings>;
}
