// Seeds a demo tenant through the platform's own public surfaces: the admin API for the tenant,
// its phone number and token, and the catalog's gRPC API for a small product catalog.
import { credentials } from "@grpc/grpc-js";
import { callUnary } from "@switchboard/kit";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";

// Graph catalog ids are numeric, and the send API checks that they are.
export const DEMO_CATALOG_ID = "800000000000001";

export const DEMO_PRODUCTS = [
  { retailerId: "espresso-250g", name: "Espresso beans 250 g", priceMinor: 1290, availableQuantity: 40 },
  { retailerId: "filter-1kg", name: "Filter roast 1 kg", priceMinor: 3450, availableQuantity: 12 },
  { retailerId: "mug-classic", name: "Classic mug", priceMinor: 990, availableQuantity: 5 },
];

export interface DemoTenant {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  accessToken: string;
}

export async function createDemoTenant(options: {
  ingressUrl: string;
  adminToken: string;
  catalogAddress: string;
  name?: string;
  hostingMode?: "on_premises" | "cloud" | "bsp";
}): Promise<DemoTenant> {
  const response = await fetch(`${options.ingressUrl}/admin/v1/tenants`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: options.name ?? "Demo Coffee Roasters",
      phone_numbers: [
        {
          display_phone_number: "+1 555 010 0100",
          hosting_mode: options.hostingMode ?? "cloud",
          catalog_id: DEMO_CATALOG_ID,
        },
      ],
    }),
  });
  if (response.status !== 201)
    throw new Error(`creating the demo tenant failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    tenant_id: string;
    business_id: string;
    access_token: string;
    phone_numbers: { id: string; display_phone_number: string }[];
  };
  const number = body.phone_numbers[0];
  if (!number) throw new Error("the admin API returned no phone number");

  const catalog = new CatalogServiceClient(options.catalogAddress, credentials.createInsecure());
  try {
    for (const product of DEMO_PRODUCTS) {
      await callUnary(
        "switchboard.catalog.v1.CatalogService/UpsertProduct",
        catalog.upsertProduct.bind(catalog),
        { product: { catalogId: DEMO_CATALOG_ID, currency: "USD", ...product } },
        { scope: { tenantId: body.tenant_id, businessId: body.business_id } },
      );
    }
  } finally {
    catalog.close();
  }
  return {
    tenantId: body.tenant_id,
    businessId: body.business_id,
    phoneNumberId: number.id,
    displayPhoneNumber: number.display_phone_number,
    accessToken: body.access_token,
  };
}
