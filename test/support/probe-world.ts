// The world the fuzz and isolation suites run against: tenant A (a BSP with business accounts A1
// and A2) and tenant B (one business account B1), each with data in every area — threads and
// messages, media, a webhook subscription, catalog products, an items batch, commerce settings,
// analytics, a template and a privacy customer. Media, templates and catalog data are created
// through the public routes; what ingress only reads from other services is seeded in their fakes.
import { hashAccessToken } from "../../services/ingress/src/tenancy/access-token.ts";
import { approveTemplate } from "../../services/ingress/test/support/approved-template.ts";
import { createFakeAnalyticsReader } from "../../services/ingress/test/support/fake-analytics-reader.ts";
import { createFakeConversationReader } from "../../services/ingress/test/support/fake-conversation-reader.ts";
import { aMessage, aThread, threadIdFor } from "../../services/ingress/test/support/read-fixtures.ts";
import { buildInProcessIngress, type InProcessIngress } from "./in-process-ingress.ts";
import { createScopedCustomerPrivacy } from "./scoped-customer-privacy.ts";

export interface Party {
  name: string;
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  catalogId: string;
  token: string;
  tokenId: string;
  threadId: string;
  messageId: string;
  customerId: string;
  retailerId: string;
  /** Filled in by seeding through the routes. */
  productItemId: string;
  mediaId: string;
  templateId: string;
  templateName: string;
  /** An APPROVED template (as if reviewed): the one sends name and edits change. */
  approvedTemplateId: string;
  approvedTemplateName: string;
  batchHandle: string;
  callbackUrl: string;
}

export interface ProbeWorld {
  ingress: InProcessIngress;
  a1: Party;
  a2: Party;
  b1: Party;
}

const DAY_MS = 86_400_000;
export const ANALYTICS_FROM_S = 1_700_000_000;

function party(name: string, tenantId: string, n: number): Party {
  return {
    name,
    tenantId,
    businessId: `20000000000000${n}`,
    phoneNumberId: `10000000000000${n}`,
    catalogId: `80000000000000${n}`,
    token: `sbt_probe_token_${name}`,
    tokenId: `30000000000000${n}`,
    threadId: threadIdFor(n),
    messageId: `wamid.probe${name}`,
    customerId: `1555000000${n}`,
    retailerId: `sku-${name}`,
    productItemId: "",
    mediaId: "",
    templateId: "",
    templateName: `probe_template_${name.toLowerCase()}`,
    approvedTemplateId: "",
    approvedTemplateName: `probe_approved_${name.toLowerCase()}`,
    batchHandle: "",
    callbackUrl: `https://hooks.${name.toLowerCase()}.example.test/switchboard`,
  };
}

export async function buildProbeWorld(): Promise<ProbeWorld> {
  // Tenant ids as the admin API issues them (`tn_` and a Graph id).
  const a1 = party("A1", "tn_100000000000111", 1);
  const a2 = party("A2", "tn_100000000000111", 2);
  const b1 = party("B1", "tn_100000000000222", 3);
  const parties = [a1, a2, b1];
  const ingress = await buildInProcessIngress({
    conversations: createFakeConversationReader(
      parties.map((p) => ({
        owner: { tenantId: p.tenantId, businessId: p.businessId },
        thread: aThread({ threadId: p.threadId, phoneNumberId: p.phoneNumberId, customerId: p.customerId }),
        history: [],
        messages: [aMessage({ messageId: p.messageId, threadId: p.threadId })],
      })),
    ),
    analytics: createFakeAnalyticsReader(
      parties.map((p) => ({
        owner: { tenantId: p.tenantId, businessId: p.businessId },
        startMs: ANALYTICS_FROM_S * 1000,
        endMs: ANALYTICS_FROM_S * 1000 + DAY_MS,
        dimensions: { phone_number_id: p.phoneNumberId, direction: "outbound" },
        measures: { sent: 7, delivered: 5 },
      })),
    ),
    privacy: createScopedCustomerPrivacy(parties.map((p) => ({ ...p }))),
  });
  const { admin } = ingress.deps.tenancy;
  await admin.createTenant(tenantOf(a1, "bsp"));
  await admin.upsertBusinessAccount(a2.tenantId, a2.businessId, "A2");
  await admin.upsertPhoneNumber(a2, numberOf(a2));
  await admin.issueToken(a2, a2.tokenId, hashAccessToken(a2.token));
  await admin.createTenant(tenantOf(b1, "enterprise"));
  for (const p of parties) await seedThroughRoutes(ingress, p);
  return { ingress, a1, a2, b1 };
}

const numberOf = (p: Party) => ({
  phoneNumberId: p.phoneNumberId,
  displayPhoneNumber: `+1 555 010 000${p.phoneNumberId.slice(-1)}`,
  hostingMode: "cloud" as const,
  processors: ["business", "meta"],
  catalogId: p.catalogId,
});

const tenantOf = (p: Party, kind: "bsp" | "enterprise") => ({
  tenantId: p.tenantId,
  name: p.name,
  kind,
  businessId: p.businessId,
  phoneNumbers: [numberOf(p)],
  tokenId: p.tokenId,
  tokenHash: hashAccessToken(p.token),
});

export const bearer = (p: Party) => ({ authorization: `Bearer ${p.token}` });

function ok(response: { statusCode: number; body: string; json(): unknown }, what: string): Record<string, unknown> {
  if (response.statusCode >= 300) throw new Error(`seeding ${what}: ${response.statusCode} ${response.body}`);
  return response.json() as Record<string, unknown>;
}

/** A one-file multipart upload, as Meta's clients send it. */
export function mediaUpload(fields: { type: string; bytes: Buffer; filename?: string }) {
  const boundary = "----probe-boundary-7f3a";
  const part = (headers: string, body: string | Buffer) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from("\r\n")]);
  const payload = Buffer.concat([
    part('Content-Disposition: form-data; name="messaging_product"', "whatsapp"),
    part('Content-Disposition: form-data; name="type"', fields.type),
    part(
      `Content-Disposition: form-data; name="file"; filename="${fields.filename ?? "photo.jpg"}"\r\nContent-Type: ${fields.type}`,
      fields.bytes,
    ),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

export const TEMPLATE_BODY = (name: string) => ({
  name,
  language: "en_US",
  category: "utility",
  components: [{ type: "BODY", text: "Your order {{1}} is ready.", example: { body_text: [["A-1"]] } }],
});

export const PRODUCT_BODY = (retailerId: string) => ({
  retailer_id: retailerId,
  name: "Mug",
  price: 1299,
  currency: "USD",
  availability: "in stock",
  inventory: 4,
  url: "https://x.test/mug",
});

export const ITEMS_BATCH_BODY = {
  item_type: "PRODUCT_ITEM",
  requests: [{ method: "CREATE", data: { id: "batch-sku", title: "A", price: "1.00 USD", inventory: 3 } }],
};

async function seedThroughRoutes(ingress: InProcessIngress, p: Party): Promise<void> {
  const http = ingress.service.http;
  const upload = mediaUpload({ type: "image/jpeg", bytes: Buffer.from(`jpeg bytes of ${p.name}`) });
  p.mediaId = String(
    ok(
      await http.inject({
        method: "POST",
        url: `/v23.0/${p.phoneNumberId}/media`,
        headers: { ...bearer(p), "content-type": upload.contentType },
        payload: upload.payload,
      }),
      "media",
    ).id,
  );
  p.templateId = String(
    ok(
      await http.inject({
        method: "POST",
        url: `/v23.0/${p.businessId}/message_templates`,
        headers: bearer(p),
        payload: TEMPLATE_BODY(p.templateName),
      }),
      "template",
    ).id,
  );
  p.productItemId = String(
    ok(
      await http.inject({
        method: "POST",
        url: `/v23.0/${p.catalogId}/products`,
        headers: bearer(p),
        payload: PRODUCT_BODY(p.retailerId),
      }),
      "product",
    ).id,
  );
  const batch = ok(
    await http.inject({
      method: "POST",
      url: `/v23.0/${p.catalogId}/items_batch`,
      headers: bearer(p),
      payload: ITEMS_BATCH_BODY,
    }),
    "items batch",
  );
  p.batchHandle = String((batch.handles as string[])[0]);
  ok(
    await http.inject({
      method: "POST",
      url: `/v23.0/${p.phoneNumberId}/whatsapp_commerce_settings?is_catalog_visible=true`,
      headers: bearer(p),
    }),
    "commerce settings",
  );
  const approved = await approveTemplate(
    ingress.deps.messageTemplates,
    { tenantId: p.tenantId, businessId: p.businessId },
    {
      name: p.approvedTemplateName,
      language: "en_US",
      components: [{ type: "BODY", text: "Your order {{1}} is ready.", example: { body_text: [["A-1"]] } }],
    },
  );
  p.approvedTemplateId = approved.templateId;
  // The registration route first calls the business's URL (Meta's handshake); seeded directly.
  await ingress.deps.webhookSubscriptions.put(p, {
    callbackUrl: p.callbackUrl,
    verifyToken: `verify-${p.name}`,
    appSecret: `secret-of-${p.name}`,
    createdAtMs: 1,
    updatedAtMs: 1,
  });
}
