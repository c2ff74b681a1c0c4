// Commerce end to end, every service its own process against the real broker and store: the demo
// tenant's business subscribes to webhooks, a customer's order for demo catalog products arrives
// through the signed upstream webhook (as Meta delivers it), and the business receives the order
// message and the order's confirmation webhook, the customer gets the automatic confirmation, and
// the catalog's inventory drops by exactly the ordered units. Then the business cancels over gRPC
// and the units come back.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createDemoTenant,
  DEMO_CATALOG_ID,
  type DemoTenant,
  type RunningPlatform,
  startPlatform,
} from "@switchboard/cli/platform";
import { callUnary, META_SIGNATURE_HEADER, signMetaBody, type TenantScope } from "@switchboard/kit";
import { openTestClient } from "@switchboard/kit/testing";
import { CatalogServiceClient } from "@switchboard/proto/gen/switchboard/catalog/v1/catalog";
import { eventually } from "@switchboard/testing/eventually";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const adminToken = `admin_${randomBytes(24).toString("hex")}`;
const verifyToken = randomBytes(8).toString("hex");
const businessSecret = randomBytes(16).toString("hex");

interface OrderStatusEntry {
  id: string;
  message_id: string;
  status: string;
}

/** The business's webhook endpoint: answers the handshake, keeps every change it is sent. */
function startBusinessEndpoint(received: unknown[]): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "GET") {
      response.end(url.searchParams.get("hub.challenge") ?? "");
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const parsed = JSON.parse(body) as { entry: { changes: { value: unknown }[] }[] };
      for (const entry of parsed.entry) for (const change of entry.changes) received.push(change.value);
      response.end("ok");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("a simulated customer orders from the demo catalog", () => {
  let platform: RunningPlatform;
  let demo: DemoTenant;
  let scope: TenantScope;
  let catalog: CatalogServiceClient;
  let endpoint: Server;
  const received: unknown[] = [];

  beforeAll(async () => {
    const servers = testServers();
    platform = await startPlatform({
      kafkaBrokers: servers.kafkaBrokers.join(","),
      mongodbUri: servers.mongodbUri,
      namespace: uniqueName("e2ecommerce"),
      adminToken,
    });
    demo = await createDemoTenant({
      ingressUrl: platform.ingressUrl,
      adminToken,
      catalogAddress: platform.grpc.catalog,
    });
    scope = { tenantId: demo.tenantId, businessId: demo.businessId };
    catalog = openTestClient(CatalogServiceClient, platform.grpc.catalog);
    endpoint = await startBusinessEndpoint(received);
    const subscribed = await fetch(`${platform.ingressUrl}/v1/webhook-subscriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${demo.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        callback_url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`,
        verify_token: verifyToken,
        app_secret: businessSecret,
      }),
    });
    expect(subscribed.status).toBe(200);
  });

  afterAll(async () => {
    catalog?.close();
    endpoint?.close();
    await platform?.stop();
  });

  const available = async (retailerId: string) =>
    (
      await callUnary(
        "GetProduct",
        catalog.getProduct.bind(catalog),
        { catalogId: DEMO_CATALOG_ID, retailerId },
        { scope },
      )
    ).product?.availableQuantity;

  it("takes the order, tells the business, replies to the customer and moves the inventory", async () => {
    await callUnary(
      "UpdateCommerceSettings",
      catalog.updateCommerceSettings.bind(catalog),
      {
        phoneNumberId: demo.phoneNumberId,
        autoReplies: true,
        isCartEnabled: undefined,
        isCatalogVisible: undefined,
        orderPolicy: undefined,
      },
      { scope },
    );
    const before = await available("espresso-250g");
    const messageId = `wamid.E2E${randomBytes(8).toString("hex")}`;
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: demo.businessId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: demo.displayPhoneNumber.replace(/[^0-9]/g, ""),
                  phone_number_id: demo.phoneNumberId,
                },
                contacts: [{ profile: { name: "Ada" }, wa_id: "15550007777" }],
                messages: [
                  {
                    from: "15550007777",
                    id: messageId,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: "order",
                    order: {
                      catalog_id: DEMO_CATALOG_ID,
                      text: "",
                      product_items: [
                        { product_retailer_id: "espresso-250g", quantity: 2, item_price: 12.9, currency: "USD" },
                      ],
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const delivered = await fetch(`${platform.ingressUrl}/webhooks/meta`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [META_SIGNATURE_HEADER]: signMetaBody(body, platform.upstream.appSecret),
      },
      body,
    });
    expect(delivered.status).toBe(200);

    const confirmation = await eventually(
      () => {
        const statuses = received.flatMap((v) => (v as { order_statuses?: OrderStatusEntry[] }).order_statuses ?? []);
        const confirmed = statuses.find((s) => s.message_id === messageId && s.status === "confirmed");
        expect(confirmed).toBeDefined();
        return confirmed as OrderStatusEntry;
      },
      90_000,
      500,
    );
    // The business also got the customer's order message itself, as Meta would send it.
    expect(
      received.some((v) =>
        (v as { messages?: { id: string; type: string }[] }).messages?.some(
          (m) => m.id === messageId && m.type === "order",
        ),
      ),
    ).toBe(true);
    expect(await available("espresso-250g")).toBe((before ?? 0) - 2);
    // The confirmation went to the customer through the outbound path: the business gets its
    // delivery statuses like for any message it sent (its wamid derives from the order revision).
    const replyId = `wamid.${createHash("sha256").update(`${confirmation.id}@2`).digest("base64url").slice(0, 32)}`;
    await eventually(
      () => {
        const statuses = received.flatMap((v) => (v as { statuses?: { id: string; status: string }[] }).statuses ?? []);
        expect(statuses.some((st) => st.id === replyId)).toBe(true);
      },
      90_000,
      500,
    );

    await callUnary(
      "UpdateOrderStatus",
      catalog.updateOrderStatus.bind(catalog),
      { orderId: confirmation.id, status: "cancelled" },
      { scope },
    );
    await eventually(async () => expect(await available("espresso-250g")).toBe(before), 60_000, 500);
  });
});
