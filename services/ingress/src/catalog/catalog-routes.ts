// The catalog routes of the Graph API for businesses, shaped like Meta's Commerce API and
// authenticated with the business access token: a catalog's products (list, create; one product
// by its item id in product-item-routes.ts), its
// items_batch flow (submit → handle → check_batch_request_status) and a number's
// whatsapp_commerce_settings (is_cart_enabled, is_catalog_visible). Products are kept per
// business: another business's catalog answers as an empty or unknown one, never with its data.
import type { FastifyInstance } from "fastify";
import { invalidParameter, missingParameter } from "../graph/graph-errors.ts";
import { graphIdOf } from "../graph/graph-path.ts";
import { strictQueryParams } from "../graph/graph-query.ts";
import { graphPage, nextPageUrl } from "../read-side/graph-paging.ts";
import type { CallerDirectory } from "../tenancy/caller-directory.ts";
import { graphCaller, numberRoute } from "../tenancy/graph-prologue.ts";
import { withCatalogErrors } from "./catalog-errors.ts";
import { booleanOf, pageOf } from "./catalog-query.ts";
import { productFromBody, productView } from "./catalog-views.ts";
import type { CommercePort } from "./commerce-port.ts";
import { registerProductItemRoutes } from "./product-item-routes.ts";

export interface CatalogRouteDeps {
  callers: CallerDirectory;
  commerce: CommercePort;
}

interface CatalogParams {
  version: string;
  catalogId: string;
}

const MAX_BATCH = 5_000;

function itemRequestsOf(body: unknown) {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw missingParameter("requests must be a non-empty array");
  if (requests.length > MAX_BATCH) throw invalidParameter(`requests must hold at most ${MAX_BATCH} items`);
  return requests.map((request, i) => {
    const { method, data } = (request ?? {}) as { method?: unknown; data?: unknown };
    if (typeof method !== "string" || typeof data !== "object" || data === null || Array.isArray(data)) {
      throw invalidParameter(`requests[${i}] needs a method and a data object`);
    }
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(data))
      if (value !== null && value !== undefined) fields[key] = String(value);
    return { method, data: fields };
  });
}

export function registerCatalogRoutes(app: FastifyInstance, deps: CatalogRouteDeps): void {
  registerProductItemRoutes(app, deps);
  const catalogCaller = async (request: { params: CatalogParams } & Parameters<typeof graphCaller>[0]) => {
    const caller = await graphCaller(request, deps.callers, request.params.catalogId);
    return { caller, catalogId: graphIdOf(request.params.catalogId) };
  };

  app.get<{ Params: CatalogParams }>("/:version/:catalogId/products", async (request) => {
    const { caller, catalogId } = await catalogCaller(request);
    const params = strictQueryParams(request.query, ["limit", "after"]);
    const page = await withCatalogErrors(catalogId, () =>
      deps.commerce.listProducts(caller, catalogId, pageOf(params)),
    );
    return graphPage(page.products.map(productView), page.nextCursor, (after) => nextPageUrl(request, params, after));
  });

  app.post<{ Params: CatalogParams }>("/:version/:catalogId/products", async (request) => {
    const { caller, catalogId } = await catalogCaller(request);
    const product = productFromBody(catalogId, request.body);
    const created = await withCatalogErrors(catalogId, () => deps.commerce.createProduct(caller, product));
    // Meta answers with the product item's id, at which `/{product_item_id}` reads and edits it.
    return { id: created.itemId ?? "" };
  });

  app.post<{ Params: CatalogParams }>("/:version/:catalogId/items_batch", async (request) => {
    const { caller, catalogId } = await catalogCaller(request);
    const requests = itemRequestsOf(request.body);
    const handle = await withCatalogErrors(catalogId, () =>
      deps.commerce.submitItemsBatch(caller, catalogId, requests),
    );
    return { handles: [handle] };
  });

  app.get<{ Params: CatalogParams }>("/:version/:catalogId/check_batch_request_status", async (request) => {
    const { caller, catalogId } = await catalogCaller(request);
    const { handle } = strictQueryParams(request.query, ["handle"]);
    if (!handle) throw missingParameter("handle is required");
    const status = await withCatalogErrors(handle, () => deps.commerce.batchStatus(caller, catalogId, handle));
    return {
      data: [
        {
          status: status.status,
          errors_total_count: status.errors.length,
          errors: status.errors.map((e) => ({ line: e.line, id: e.retailerId, message: e.message })),
        },
      ],
    };
  });

  app.get<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/whatsapp_commerce_settings",
    async (request) => {
      const { caller, ownNumber } = await numberRoute(request, deps.callers);
      strictQueryParams(request.query, []);
      const { phoneNumberId } = await ownNumber();
      const settings = await withCatalogErrors(phoneNumberId, () => deps.commerce.settings(caller, phoneNumberId));
      return {
        data: [
          { id: phoneNumberId, is_cart_enabled: settings.isCartEnabled, is_catalog_visible: settings.isCatalogVisible },
        ],
      };
    },
  );

  app.post<{ Params: { version: string; phoneNumberId: string } }>(
    "/:version/:phoneNumberId/whatsapp_commerce_settings",
    async (request) => {
      const { caller, ownNumber } = await numberRoute(request, deps.callers);
      // Meta takes the flags as query parameters; a JSON or form body is accepted too.
      const given = {
        ...((request.body ?? {}) as Record<string, unknown>),
        ...strictQueryParams(request.query, ["is_cart_enabled", "is_catalog_visible"]),
      };
      const isCartEnabled = booleanOf(given.is_cart_enabled, "is_cart_enabled");
      const isCatalogVisible = booleanOf(given.is_catalog_visible, "is_catalog_visible");
      if (isCartEnabled === undefined && isCatalogVisible === undefined)
        throw missingParameter("is_cart_enabled or is_catalog_visible is required");
      const { phoneNumberId } = await ownNumber();
      await withCatalogErrors(phoneNumberId, () =>
        deps.commerce.updateSettings(caller, phoneNumberId, {
          ...(isCartEnabled === undefined ? {} : { isCartEnabled }),
          ...(isCatalogVisible === undefined ? {} : { isCatalogVisible }),
        }),
      );
      return { success: true };
    },
  );
}
