import { createHttpServer, createLogger } from "@switchboard/kit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeCallerDirectory } from "../../test/support/fake-caller-directory.ts";
import { createFakeCommerce } from "../../test/support/fake-commerce.ts";
import { registerGraphErrorHandling } from "../graph/graph-error-handler.ts";
import { hashAccessToken } from "../tenancy/access-token.ts";
import { registerCatalogRoutes } from "./catalog-routes.ts";

const A = { tenantId: "tenant-a", businessId: "200000000000001" };
const A2 = { tenantId: "tenant-a", businessId: "200000000000009" };
const NUMBER_A = "100000000000001";
const NUMBER_A2 = "100000000000009";
const CATALOG = "800000000000001";

describe("catalog routes (fake catalog service)", () => {
  let app: FastifyInstance;
  const commerce = createFakeCommerce();
  const callers = createFakeCallerDirectory({ [hashAccessToken("token-a")]: A, [hashAccessToken("token-a2")]: A2 }, [
    { ...A, phoneNumberId: NUMBER_A },
    { ...A2, phoneNumberId: NUMBER_A2 },
  ]);
  const send = (method: "GET" | "POST" | "DELETE", url: string, body?: unknown, token = "token-a") =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const errorOf = (response: LightMyRequestResponse) =>
    (response.json() as { error: { code: number; error_subcode?: number } }).error;

  beforeAll(async () => {
    app = createHttpServer({
      logger: createLogger({ service: "catalog-routes-test", level: "silent" }),
      bodyLimitBytes: 1 << 20,
      readinessChecks: {},
    });
    registerGraphErrorHandling(app);
    registerCatalogRoutes(app, { callers, commerce });
    await app.ready();
  });
  afterAll(() => app.close());

  it("creates a product from Meta's fields (price in cents) and lists it in Meta's shape", async () => {
    const created = await send("POST", `/v23.0/${CATALOG}/products`, {
      retailer_id: "mug-1",
      name: "Mug",
      price: 1299,
      currency: "USD",
      availability: "in stock",
      inventory: 4,
      url: "https://x.test/mug",
    });
    const itemId = (created.json() as { id: string }).id;
    expect(itemId).toMatch(/^[1-9][0-9]{18}$/);
    expect(commerce.products.get(JSON.stringify([A.tenantId, A.businessId, CATALOG]))?.[0]).toMatchObject({
      priceMinor: 1299,
      availability: "in_stock",
      availableQuantity: 4,
    });
    const listed = await send("GET", `/v23.0/${CATALOG}/products?limit=10`);
    expect(listed.json()).toMatchObject({
      data: [
        {
          id: itemId,
          retailer_id: "mug-1",
          price: "12.99 USD",
          price_minor: 1299,
          availability: "in stock",
          inventory: 4,
          url: "https://x.test/mug",
        },
      ],
      paging: { cursors: {} },
    });
  });

  it("reads, updates and deletes one product at /{product_item_id}, only the caller's", async () => {
    const created = await send("POST", `/v23.0/${CATALOG}/products`, {
      retailer_id: "lamp-1",
      name: "Lamp",
      price: 4500,
      currency: "EUR",
    });
    const itemId = (created.json() as { id: string }).id;
    expect((await send("GET", `/v23.0/${itemId}`)).json()).toMatchObject({ id: itemId, name: "Lamp", version: 1 });
    // Another business of the same tenant: unknown, and nothing changes.
    for (const [method, body] of [["GET"], ["POST", { name: "Stolen" }], ["DELETE"]] as const) {
      const foreign = await send(method, `/v23.0/${itemId}`, body, "token-a2");
      expect(foreign.statusCode).toBe(400);
      expect(errorOf(foreign)).toMatchObject({ code: 100, error_subcode: 33 });
    }
    expect((await send("POST", `/v23.0/${itemId}`, { name: "Desk lamp", price: 4900 })).json()).toEqual({
      success: true,
    });
    expect((await send("GET", `/v23.0/${itemId}`)).json()).toMatchObject({
      name: "Desk lamp",
      price_minor: 4900,
      currency: "EUR",
      version: 2,
    });
    expect((await send("POST", `/v23.0/${itemId}`, { inventory: 3 })).json()).toEqual({ success: true });
    expect((await send("GET", `/v23.0/${itemId}`)).json()).toMatchObject({ inventory: 3, version: 2 });
    expect(errorOf(await send("POST", `/v23.0/${itemId}`, { retailer_id: "other" }))).toMatchObject({ code: 100 });
    expect(errorOf(await send("POST", `/v23.0/${itemId}`, {}))).toMatchObject({ code: 100 });
    expect((await send("DELETE", `/v23.0/${itemId}`)).json()).toEqual({ success: true });
    expect(errorOf(await send("GET", `/v23.0/${itemId}`))).toMatchObject({ code: 100, error_subcode: 33 });
    expect(errorOf(await send("DELETE", `/v23.0/${itemId}`))).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("hands out a batch handle and answers its status, only to the business that submitted it", async () => {
    const submitted = await send("POST", `/v23.0/${CATALOG}/items_batch`, {
      item_type: "PRODUCT_ITEM",
      requests: [{ method: "CREATE", data: { id: "a", title: "A", price: "1.00 USD", inventory: 3 } }],
    });
    const [handle] = (submitted.json() as { handles: string[] }).handles;
    const status = await send("GET", `/v23.0/${CATALOG}/check_batch_request_status?handle=${handle}`);
    expect(status.json()).toEqual({ data: [{ status: "finished", errors_total_count: 0, errors: [] }] });
    const foreign = await send(
      "GET",
      `/v23.0/${CATALOG}/check_batch_request_status?handle=${handle}`,
      undefined,
      "token-a2",
    );
    expect(errorOf(foreign)).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("refuses malformed requests before calling the catalog", async () => {
    expect(errorOf(await send("POST", `/v23.0/${CATALOG}/items_batch`, { requests: [] }))).toMatchObject({
      code: 131008,
    });
    expect(errorOf(await send("GET", `/v23.0/${CATALOG}/products?limit=0`))).toMatchObject({ code: 100 });
    expect(errorOf(await send("GET", `/v23.0/not-an-id/products`))).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await send("GET", `/v23.0/${CATALOG}/products`, undefined, "nope")).statusCode).toBe(401);
  });

  it("keeps whatsapp_commerce_settings per number, and another business's number unknown", async () => {
    expect(
      (await send("POST", `/v23.0/${NUMBER_A}/whatsapp_commerce_settings?is_catalog_visible=true`)).json(),
    ).toEqual({ success: true });
    expect((await send("GET", `/v23.0/${NUMBER_A}/whatsapp_commerce_settings`)).json()).toEqual({
      data: [{ id: NUMBER_A, is_cart_enabled: true, is_catalog_visible: true }],
    });
    expect(
      errorOf(await send("GET", `/v23.0/${NUMBER_A}/whatsapp_commerce_settings`, undefined, "token-a2")),
    ).toMatchObject({ code: 100, error_subcode: 33 });
    expect(
      errorOf(await send("POST", `/v23.0/${NUMBER_A}/whatsapp_commerce_settings?is_cart_enabled=maybe`)),
    ).toMatchObject({ code: 100 });
  });
});
