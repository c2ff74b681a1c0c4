// One product at Graph's node path, as Meta's Commerce API serves a product item:
// `GET /{version}/{product_item_id}`, `POST` (update the fields the body names, `inventory` on
// the stock ledger) and `DELETE`.
// Product item ids are the catalog's 19-digit ids; the route matches only that shape, so these
// routes sit beside the other nodes at `/{version}/{id}` (media and templates, 15 digits) without
// a lookup in each other's stores. Another business's product is unknown (100/33), exactly as an id
// that never existed, and is never changed.
import type { FastifyInstance } from "fastify";
import { unknownObject } from "../graph/graph-errors.ts";
import { strictQueryParams } from "../graph/graph-query.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller } from "../tenancy/graph-prologue.ts";
import { withCatalogErrors } from "./catalog-errors.ts";
import { productChangesFromBody, productView } from "./catalog-views.ts";
import type { CommercePort } from "./commerce-port.ts";

/** The catalog's product item ids (productItemIdOf): 19 digits, the first not 0. */
export const PRODUCT_ITEM_PATH = "/:version/:productItemId(^[1-9][0-9]{18}$)";

interface ItemParams {
  version: string;
  productItemId: string;
}

export function registerProductItemRoutes(
  app: FastifyInstance,
  deps: { callers: CallerDirectory; commerce: CommercePort },
): void {
  const ownProduct = async (request: { params: ItemParams } & Parameters<typeof graphCaller>[0]) => {
    const itemId = request.params.productItemId;
    const caller = await graphCaller(request, deps.callers, itemId);
    const product = await withCatalogErrors(itemId, () => deps.commerce.productByItemId(caller, itemId));
    if (!product) throw unknownObject(itemId);
    return { caller, product, itemId };
  };

  app.get<{ Params: ItemParams }>(PRODUCT_ITEM_PATH, async (request) => {
    // Meta's `fields` picks the fields to return; every field is returned here.
    strictQueryParams(request.query, ["fields"]);
    return productView((await ownProduct(request)).product);
  });

  app.post<{ Params: ItemParams }>(PRODUCT_ITEM_PATH, async (request) => {
    strictQueryParams(request.query, []);
    const { fields, inventory } = productChangesFromBody(request.body);
    const { caller, product, itemId } = await ownProduct(request);
    await withCatalogErrors(itemId, async () => {
      // At the version just read: a concurrent edit is refused (100), never overwritten.
      const updated =
        Object.keys(fields).length > 0
          ? await deps.commerce.updateProduct(caller, { ...product, ...fields }, product.version)
          : product;
      if (inventory !== undefined) await deps.commerce.setInventory(caller, updated, inventory);
    });
    return { success: true };
  });

  app.delete<{ Params: ItemParams }>(PRODUCT_ITEM_PATH, async (request) => {
    strictQueryParams(request.query, []);
    const { caller, product, itemId } = await ownProduct(request);
    const deleted = await withCatalogErrors(itemId, () =>
      deps.commerce.deleteProduct(caller, product.catalogId, product.retailerId),
    );
    if (!deleted) throw unknownObject(itemId);
    return { success: true };
  });
}
