// Seeds a demo tenant through the platform's own public surfaces: the admin API for the tenant,
// its phone number and token, the catalog's gRPC API for a small product catalog, and the Graph
// API for an approved `hello_world` template (the README's first send).
import { callUnary, cliCallAuth, type InternalCallAuth, openInternalClient } from "@switchboard/kit";
import { CatalogServiceClient, Product } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { createApprovedTemplate, type TemplateToSeed } from "./approved-template.ts";

// Graph catalog ids are numeric, and the send API checks that they are.
export const DEMO_CATALOG_ID = "800000000000001";

export const DEMO_PRODUCTS = [
  { retailerId: "espresso-250g", name: "Espresso beans 250 g", priceMinor: 1290, availableQuantity: 40 },
  { retailerId: "filter-1kg", name: "Filter roast 1 kg", priceMinor: 3450, availableQuantity: 12 },
  { retailerId: "mug-classic", name: "Classic mug", priceMinor: 990, availableQuantity: 5 },
];

/** Meta's sample template every new WhatsApp Business Account starts with. */
export const HELLO_WORLD: TemplateToSeed = {
  name: "hello_world",
  language: "en_US",
  category: "MARKETING",
  components: [
    { type: "HEADER", format: "TEXT", text: "Hello World" },
    {
      type: "BODY",
      text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Switchboard. Thank you for taking the time to test with us.",
    },
    { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
  ],
};

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
  /** Signs the catalog calls; default: the development key a zero-config platform runs with. */
  auth?: InternalCallAuth;
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

  const catalog = openInternalClient(
    CatalogServiceClient,
    options.catalogAddress,
    options.auth ?? cliCallAuth({}, "demo-seed"),
  );
  try {
    for (const product of DEMO_PRODUCTS) {
      await callUnary(
        "switchboard.catalog.v1.CatalogService/UpsertProduct",
        catalog.upsertProduct.bind(catalog),
        { product: Product.fromPartial({ catalogId: DEMO_CATALOG_ID, currency: "USD", ...product }) },
        { scope: { tenantId: body.tenant_id, businessId: body.business_id } },
      );
    }
  } finally {
    catalog.close();
  }
  await createApprovedTemplate({
    ingressUrl: options.ingressUrl,
    accessToken: body.access_token,
    businessId: body.business_id,
    template: HELLO_WORLD,
  });
  return {
    tenantId: body.tenant_id,
    businessId: body.business_id,
    phoneNumberId: number.id,
    displayPhoneNumber: number.display_phone_number,
    accessToken: body.access_token,
  };
}
